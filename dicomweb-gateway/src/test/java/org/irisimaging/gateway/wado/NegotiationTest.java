package org.irisimaging.gateway.wado;

import jakarta.ws.rs.core.MultivaluedHashMap;
import org.irisimaging.baseline.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What WADO-RS answers for which Accept header and parameters (PS3.18 §8.7). */
class NegotiationTest {

    private static final String IMPLICIT = "1.2.840.10008.1.2";
    private static final String EXPLICIT = "1.2.840.10008.1.2.1";
    private static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    private static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    private static final String JPEG_2000 = "1.2.840.10008.1.2.4.90";
    private static final String HTJ2K = "1.2.840.10008.1.2.4.201";

    @Test
    void theLosslessRenditionsFramesAreServedOnlyWhenAskedForByName() {
        String lossless = "1.2.840.10008.1.2.4.70";
        assertTrue(CompressedFrames.asksExplicitly(
                "multipart/related; type=\"image/jpeg\"; transfer-syntax=" + lossless, lossless));
        assertTrue(CompressedFrames.asksExplicitly("application/json, multipart/related; type=image/jpeg; transfer-syntax="
                + lossless, lossless), "any entry of the list");
        assertFalse(CompressedFrames.asksExplicitly("multipart/related; type=\"image/jpeg\"", lossless),
                "image/jpeg alone means baseline JPEG (PS3.18 default)");
        assertFalse(CompressedFrames.asksExplicitly(
                "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*", lossless), "native pixels");
        assertFalse(CompressedFrames.asksExplicitly(null, lossless));
        assertFalse(CompressedFrames.asksExplicitly("multipart/related; type=\"image/jpeg\"; transfer-syntax=" + lossless,
                null), "no rendition");
    }

    @Test
    void transferSyntaxOfRetrievedInstances() {
        AcceptedTransferSyntax any = AcceptedTransferSyntax.fromAccept(
                "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
        assertEquals(JPEG_BASELINE, any.choose(JPEG_BASELINE));

        AcceptedTransferSyntax byDefault = AcceptedTransferSyntax.fromAccept("multipart/related; type=\"application/dicom\"");
        assertEquals(EXPLICIT, byDefault.choose(IMPLICIT), "the default is Explicit VR Little Endian");
        assertEquals(EXPLICIT, byDefault.choose(JPEG_BASELINE), "decodable compressed data is decoded");
        assertEquals(EXPLICIT, byDefault.choose(JPEG_2000), "JPEG 2000 is decoded (ADR 0022)");
        assertEquals(HTJ2K, byDefault.choose(HTJ2K), "what cannot be decoded goes out as stored");

        AcceptedTransferSyntax explicit = AcceptedTransferSyntax.fromAccept(
                "multipart/related; type=application/dicom; transfer-syntax=" + EXPLICIT);
        assertEquals(EXPLICIT, explicit.choose(IMPLICIT));
        assertEquals(EXPLICIT, explicit.choose(JPEG_BASELINE), "decoded");
        assertEquals(EXPLICIT, explicit.choose(JPEG_LOSSLESS_SV1), "a lossless rendition, decoded");
        assertEquals(EXPLICIT, explicit.choose(JPEG_2000), "decoded");
        assertNull(explicit.choose(HTJ2K), "no HTJ2K decoder: 406");
        AcceptedTransferSyntax implicit = AcceptedTransferSyntax.fromAccept(
                "multipart/related; type=application/dicom; transfer-syntax=" + IMPLICIT);
        assertEquals(IMPLICIT, implicit.choose(JPEG_LOSSLESS_SV1));
        AcceptedTransferSyntax otherCompressed = AcceptedTransferSyntax.fromAccept(
                "multipart/related; type=application/dicom; transfer-syntax=" + JPEG_BASELINE);
        assertNull(otherCompressed.choose(JPEG_LOSSLESS_SV1), "no re-encoding between compressed syntaxes");

        assertEquals(null, AcceptedTransferSyntax.fromAccept("*/*").transferSyntaxUID());
        assertNull(AcceptedTransferSyntax.fromAccept("application/json"), "406");
        assertNull(AcceptedTransferSyntax.fromAccept("multipart/related; type=\"image/jpeg\""), "406");
        assertEquals("*", AcceptedTransferSyntax.fromAccept(
                "multipart/related; type=\"image/jpeg\", multipart/related; type=\"application/dicom\"; transfer-syntax=*")
                .transferSyntaxUID(), "the first acceptable entry wins");
    }

    @Test
    void framesAreOctetStreams() {
        assertTrue(FrameResource.acceptsOctetStream(null));
        assertTrue(FrameResource.acceptsOctetStream("multipart/related; type=\"application/octet-stream\""));
        assertTrue(FrameResource.acceptsOctetStream("*/*"));
        assertFalse(FrameResource.acceptsOctetStream("multipart/related; type=\"image/jpeg\""));
        assertEquals(List.of(1, 3, 5), FrameResource.parseFrameList("1,3, 5"));
        assertThrows(ProblemException.class, () -> FrameResource.parseFrameList("0"));
        assertThrows(ProblemException.class, () -> FrameResource.parseFrameList("1,x"));
    }

    @Test
    void aWildcardPartTypeGetsTheDefaultRepresentation() {
        // The Python dicomweb-client's default for frames and bulk data.
        String pythonClient = "multipart/related; type=\"*/*\"";
        assertTrue(FrameResource.acceptsOctetStream(pythonClient), "native frames and bulk data: octet-stream");
        assertEquals("image/jpeg", CompressedFrames.acceptedPartType(pythonClient, JPEG_BASELINE),
                "compressed frames: as stored");
        assertEquals("image/jp2", CompressedFrames.acceptedPartType(pythonClient, JPEG_2000));
        assertEquals(EXPLICIT, AcceptedTransferSyntax.fromAccept(pythonClient).choose(IMPLICIT),
                "instances: application/dicom in the default transfer syntax");
        assertNull(AcceptedTransferSyntax.fromAccept("multipart/related; type=\"image/*\""), "not a wildcard of all types");
    }

    @Test
    void aFrameListNamesEachFrameOnceAndIsBounded() {
        String repeated = String.join(",", java.util.Collections.nCopies(2000, "1"));
        assertEquals(List.of(1), FrameResource.parseFrameList(repeated), "1,1,1,... is one frame's work");
        assertEquals(List.of(3, 1, 2), FrameResource.parseFrameList("3,1,3,2,1"), "first-asked order");
        String tooMany = String.join(",", java.util.stream.IntStream.rangeClosed(1, FrameResource.MAX_FRAMES_PER_REQUEST + 1)
                .mapToObj(Integer::toString).toList());
        assertThrows(ProblemException.class, () -> FrameResource.parseFrameList(tooMany));
        assertThrows(ProblemException.class, () -> FrameResource.parseFrameList("1,"), "an empty entry");
    }

    @Test
    void compressedFramesGoOutAsStoredWhenTheClientTakesThem() {
        assertEquals("image/jpeg", CompressedFrames.acceptedPartType("multipart/related; type=\"image/jpeg\"", JPEG_BASELINE));
        assertEquals("image/jpeg", CompressedFrames.acceptedPartType(
                "multipart/related; type=\"image/jpeg\"; transfer-syntax=" + JPEG_BASELINE, JPEG_BASELINE));
        assertEquals("application/octet-stream", CompressedFrames.acceptedPartType(
                "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*", JPEG_BASELINE));
        assertNull(CompressedFrames.acceptedPartType("multipart/related; type=\"application/octet-stream\"", JPEG_BASELINE),
                "native pixels asked: no decoder yet");
        assertNull(CompressedFrames.acceptedPartType("multipart/related; type=\"image/jp2\"", JPEG_BASELINE));
        assertNull(CompressedFrames.acceptedPartType(null, JPEG_BASELINE));
        assertEquals("image/jp2", CompressedFrames.mediaType("1.2.840.10008.1.2.4.90"));
    }

    @Test
    void renderedParametersAreCheckedNotIgnored() {
        MultivaluedHashMap<String, String> query = new MultivaluedHashMap<>();
        query.add("window", "40,400,linear");
        query.add("viewport", "256,128");
        query.add("quality", "75");
        Renderer.Parameters p = RenderedResource.parameters(query, "image/png, image/jpeg", null);
        assertEquals("image/png", p.mediaType());
        assertEquals(40.0, p.windowCenter());
        assertEquals(400.0, p.windowWidth());
        assertEquals(256, p.viewportWidth());
        assertEquals(75, p.quality());

        assertEquals(128, RenderedResource.parameters(new MultivaluedHashMap<>(), null, 128).viewportWidth());
        for (String[] bad : new String[][] {{"annotation", "patient"}, {"quality", "0"}, {"window", "40"},
                {"window", "40,-1"}, {"viewport", "0,10"}}) {
            MultivaluedHashMap<String, String> q = new MultivaluedHashMap<>();
            q.add(bad[0], bad[1]);
            ProblemException e = assertThrows(ProblemException.class, () -> RenderedResource.parameters(q, null, null));
            assertEquals(400, e.status(), bad[0] + "=" + bad[1]);
        }
        ProblemException notAcceptable = assertThrows(ProblemException.class,
                () -> RenderedResource.parameters(new MultivaluedHashMap<>(), "image/gif", null));
        assertEquals(406, notAcceptable.status());
    }
}
