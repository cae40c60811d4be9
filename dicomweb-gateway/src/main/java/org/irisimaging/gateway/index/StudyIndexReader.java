package org.irisimaging.gateway.index;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.baseline.problem.ProblemType;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads from study-index-service on behalf of the caller: their bearer token travels with every
 * request, so study-index decides what they may see (QIDO results, metadata, instance locations;
 * its {@code StudyAccess}, ADR 0013). Searches and metadata are passed through as they are
 * (status, media type, body, ETag): a study the caller may not see is absent from searches and a
 * 404 for metadata, like one that does not exist. Every retrieval of stored files — WADO-RS
 * study/series/instance, frames, rendered, thumbnail, bulk data and WADO-URI — starts with
 * {@link #locations}, whose empty answer the resources turn into the same 404 ("no such ...")
 * whether the study does not exist or is not the caller's to see.
 */
@ApplicationScoped
public class StudyIndexReader {

    private static final TypeReference<List<InstanceLocation>> LOCATIONS = new TypeReference<>() {
    };

    private final StudyIndexHttp http;
    private final ObjectMapper json;

    StudyIndexReader(StudyIndexHttp http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    /** Forwards a QIDO-RS or metadata GET ({@code path} under /dicomweb, raw query string kept). */
    public HttpResponse<InputStream> forward(String path, String rawQuery, String authorization, String ifNoneMatch) {
        String target = "/dicomweb" + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
        HttpRequest.Builder request = http.request(target, "application/dicom+json, application/problem+json",
                authorization).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.read(request.build());
    }

    /**
     * Where the originals of a study, series or instance are; empty when there is none the caller
     * may see (404), or when the caller's token may not read locations at all (403, e.g. a sending
     * system's): the resources answer both with the 404 of an unknown study.
     */
    public Optional<List<InstanceLocation>> locations(String study, String series, String instance, String authorization) {
        StringBuilder path = new StringBuilder("/api/locations/studies/").append(study);
        if (series != null) {
            path.append("/series/").append(series);
            if (instance != null) {
                path.append("/instances/").append(instance);
            }
        }
        HttpResponse<InputStream> response = http.read(
                http.request(path.toString(), "application/json", authorization).GET().build());
        try (InputStream body = response.body()) {
            return switch (response.statusCode()) {
                case 200 -> Optional.of(json.readValue(body, LOCATIONS));
                case 404 -> Optional.empty();
                case 401 -> throw new ProblemException(ProblemType.UNAUTHORIZED, "Token refused");
                case 403 -> Optional.empty(); // indistinguishable from absent
                default -> throw StudyIndexHttp.unavailable("study-index-service answered " + response.statusCode());
            };
        } catch (IOException e) {
            throw StudyIndexHttp.unavailable("study-index-service answer unreadable");
        }
    }

    /**
     * One stored instance, as study-index-service lists it: its original (unless removed once its
     * rendition was verified) and its rendition (when there is one).
     */
    @RegisterForReflection
    public record InstanceLocation(String studyInstanceUID, String seriesInstanceUID, String sopInstanceUID,
                                   String sopClassUID, String transferSyntaxUID, String blobKey, long sizeBytes,
                                   boolean available, String renditionTransferSyntaxUID, String renditionBlobKey,
                                   Long renditionSizeBytes, boolean originalRemoved) {

        /** Whether the stored rendition is in {@code transferSyntaxUID}. */
        public boolean hasRenditionIn(String transferSyntaxUID) {
            return renditionBlobKey != null && renditionTransferSyntaxUID.equals(transferSyntaxUID);
        }

        /** Whether what is served is the rendition: the original was removed after its verification. */
        public boolean servedFromRendition() {
            return originalRemoved && renditionBlobKey != null;
        }

        /** The transfer syntax of the file served for this instance (the original's, or the rendition's). */
        public String servedTransferSyntaxUID() {
            return servedFromRendition() ? renditionTransferSyntaxUID : transferSyntaxUID;
        }

        /** The same instance, once its original was removed (the rendition is served). */
        public InstanceLocation withOriginalRemoved() {
            return new InstanceLocation(studyInstanceUID, seriesInstanceUID, sopInstanceUID, sopClassUID,
                    transferSyntaxUID, blobKey, sizeBytes, available, renditionTransferSyntaxUID, renditionBlobKey,
                    renditionSizeBytes, true);
        }

        /** The blob key of the file served for this instance. */
        public String servedBlobKey() {
            return servedFromRendition() ? renditionBlobKey : blobKey;
        }
    }
}
