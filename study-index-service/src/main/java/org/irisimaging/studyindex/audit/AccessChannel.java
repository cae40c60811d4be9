package org.irisimaging.studyindex.audit;

/**
 * How a data access was asked for.
 *
 * @param endpoint      the public endpoint the caller used (e.g. {@code GET /dicomweb/studies}),
 *                      as the gateway reports it, else this service's own
 * @param clientId      the OIDC client the caller's token was issued to ({@code azp}/{@code client_id})
 * @param remoteAddress the caller's address as the gateway saw it
 */
public record AccessChannel(String endpoint, String clientId, String remoteAddress) {
}
