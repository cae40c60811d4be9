package org.irisimaging.studyindex.matching;

/**
 * Identity matching: links a site identity seen for the first time to a platform patient.
 *
 * <p>Called once per new site identity, inside the registration transaction that creates it (so
 * concurrent registrations of the same new patient wait for the decision and then reuse it).
 * The implementation in use, {@link OnePatientPerSiteIdentity}, creates a platform patient for
 * every site identity; cross-site matching (INS, strict traits) replaces it with another bean of
 * this type.
 */
public interface PatientMatcher {

    /**
     * The platform patient ({@code patient.id}) of a site identity seen for the first time.
     *
     * @param identity the new site identity
     * @param traits   what its first registered instance says about the patient
     */
    long platformPatientFor(SiteIdentity identity, PatientTraits traits);
}
