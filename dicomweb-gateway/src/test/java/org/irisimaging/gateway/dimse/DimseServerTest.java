package org.irisimaging.gateway.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SCP against dcmtk's echoscu/storescu as real peers, on a free port: no Quarkus needed.
 */
class DimseServerTest {

    private static final String AE = "IRIS";
    private static final List<String> ALLOWED = List.of("STORESCU", "ECHOSCU", "ORTHANC");

    private static final List<String> logLines = new CopyOnWriteArrayList<>();
    private static final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getParameters() == null ? record.getMessage()
                    : String.format(record.getMessage(), record.getParameters());
            logLines.add(record.getLevel() + " " + message);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static DimseServer server;
    private static int port;

    record Config(boolean enabled, String aeTitle, int port, List<String> allowedCallingAeTitles) implements DimseConfig {
    }

    @BeforeAll
    static void start() throws Exception {
        java.util.logging.Logger.getLogger("org.irisimaging.gateway.dimse").addHandler(capture);
        server = new DimseServer(new Config(true, AE, 0, ALLOWED), DimseServices::verificationOnly);
        server.start();
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
        java.util.logging.Logger.getLogger("org.irisimaging.gateway.dimse").removeHandler(capture);
    }

    @Test
    void logsWhereItListens() {
        assertTrue(port > 0);
        assertTrue(logLines.stream().anyMatch(l -> l.equals("INFO DIMSE SCP listening as IRIS on port " + port)),
                logLines.toString());
    }

    @Test
    void echoFromAnAllowedCallingAeSucceeds() throws Exception {
        for (String calling : ALLOWED) {
            Dcmtk.Result r = Dcmtk.echoscu(calling, AE, port);
            assertEquals(0, r.exitCode(), calling + ": " + r.output());
        }
    }

    @Test
    void severalEchoesInOneAssociation() throws Exception {
        Dcmtk.Result r = Dcmtk.echoscu("ECHOSCU", AE, port, "--repeat", "5", "-v");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(5, r.output().lines().filter(l -> l.contains("Received Echo Response (Success)")).count(), r.output());
    }

    @Test
    void anAssociationDoesNotHoldItsThreadLongAfterRelease() throws Exception {
        Dcmtk.Result r = Dcmtk.echoscu("ECHOSCU", AE, port);
        assertEquals(0, r.exitCode(), r.output());
        long deadline = System.nanoTime() + 2_500_000_000L; // PixelMed alone would wait 5 s
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, server.openConnections());
    }

    @Test
    void unknownCallingAeIsRejectedAtAssociation() throws Exception {
        Dcmtk.Result r = Dcmtk.echoscu("INTRUDER", AE, port);
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Association Rejected"), r.output());
        assertTrue(r.output().contains("Calling AE Title Not Recognized"), r.output());
        // the server logs on its own thread, possibly after echoscu has already exited
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (logLines.stream().noneMatch(l -> l.contains("calling AE title 'INTRUDER' not recognised"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(logLines.stream().anyMatch(l -> l.contains("calling AE title 'INTRUDER' not recognised")), logLines.toString());
    }

    @Test
    void callingAeTitlesAreCaseSensitive() throws Exception {
        Dcmtk.Result r = Dcmtk.echoscu("echoscu", AE, port);
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Calling AE Title Not Recognized"), r.output());
    }

    @Test
    void anotherCalledAeIsRejectedAtAssociation() throws Exception {
        Dcmtk.Result r = Dcmtk.echoscu("ECHOSCU", "NOTIRIS", port);
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Called AE Title Not Recognized"), r.output());
    }

    @Test
    void concurrentAssociations() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Dcmtk.Result>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String calling = i % 4 == 3 ? "INTRUDER" : "ECHOSCU";
                results.add(pool.submit(() -> Dcmtk.echoscu(calling, AE, port)));
            }
            for (int i = 0; i < results.size(); i++) {
                Dcmtk.Result r = results.get(i).get();
                assertEquals(i % 4 == 3, r.exitCode() != 0, r.output());
            }
        } finally {
            pool.shutdownNow();
        }
        Dcmtk.Result after = Dcmtk.echoscu("ECHOSCU", AE, port);
        assertEquals(0, after.exitCode(), after.output());
    }

    @Test
    void verificationOnlyOffersNoStorage(@TempDir Path tmp) throws Exception {
        File file = tinySecondaryCapture(tmp);
        Dcmtk.Result r = Dcmtk.storescu("STORESCU", AE, port, file.getPath());
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("No Acceptable Presentation Contexts"), r.output());
        // the association itself works: still answering echoes
        assertEquals(0, Dcmtk.echoscu("STORESCU", AE, port).exitCode());
    }

    @Test
    void garbageInsteadOfAnAssociationRequestIsDropped() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            s.getOutputStream().flush();
            assertEquals(-1, s.getInputStream().read()); // closed without an answer
        }
        assertEquals(0, Dcmtk.echoscu("ECHOSCU", AE, port).exitCode());
    }

    @Test
    void stopReleasesThePortAndRestartWorks() throws Exception {
        DimseServer other = new DimseServer(new Config(true, "OTHER", 0, List.of("ECHOSCU")),
                DimseServices::verificationOnly);
        other.start();
        int otherPort = other.port();
        assertEquals(0, Dcmtk.echoscu("ECHOSCU", "OTHER", otherPort).exitCode());
        long start = System.nanoTime();
        other.stop();
        assertTrue(System.nanoTime() - start < 3_000_000_000L, "stop took too long");
        other.stop(); // idempotent
        assertFalse(other.isListening());
        assertEquals(-1, other.port());
        assertNotEquals(0, Dcmtk.echoscu("ECHOSCU", "OTHER", otherPort).exitCode());
        try (ServerSocket rebind = new ServerSocket(otherPort)) {
            assertEquals(otherPort, rebind.getLocalPort());
        }
    }

    @Test
    void refusesToStartWithoutAllowedCallingAeTitles() {
        DimseServer none = new DimseServer(new Config(true, AE, 0, List.of()), DimseServices::verificationOnly);
        IllegalStateException e = assertThrows(IllegalStateException.class, none::start);
        assertTrue(e.getMessage().contains("iris.dimse.allowed-calling-ae-titles"), e.getMessage());
        assertFalse(none.isListening());
    }

    @Test
    void refusesInvalidAeTitles() {
        assertThrows(IllegalArgumentException.class,
                new DimseServer(new Config(true, "MUCH_TOO_LONG_AE_TITLE", 0, ALLOWED), DimseServices::verificationOnly)::start);
        assertThrows(IllegalArgumentException.class,
                new DimseServer(new Config(true, AE, 0, List.of("BACK\\SLASH")), DimseServices::verificationOnly)::start);
        assertThrows(IllegalArgumentException.class,
                new DimseServer(new Config(true, " ", 0, ALLOWED), DimseServices::verificationOnly)::start);
    }

    @Test
    void aBusyPortFailsStartClearly() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            DimseServer clash = new DimseServer(new Config(true, AE, taken.getLocalPort(), ALLOWED),
                    DimseServices::verificationOnly);
            java.io.IOException e = assertThrows(java.io.IOException.class, clash::start);
            assertTrue(e.getMessage().contains("port " + taken.getLocalPort()), e.getMessage());
            assertFalse(clash.isListening());
        }
    }

    /** A minimal Secondary Capture image written with PixelMed (1 x 1 pixel; no patient data). */
    private static File tinySecondaryCapture(Path dir) throws Exception {
        AttributeList list = new AttributeList();
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), SOPClass.SecondaryCaptureImageStorage);
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), "2.25.1000000000000000000000000000001");
        put(list, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), "2.25.1000000000000000000000000000002");
        put(list, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), "2.25.1000000000000000000000000000003");
        put(list, new PersonNameAttribute(TagFromName.PatientName), "TEST^DIMSE");
        put(list, new CodeStringAttribute(TagFromName.Modality), "OT");
        put(list, new CodeStringAttribute(TagFromName.PhotometricInterpretation), "MONOCHROME2");
        for (var tag : List.of(TagFromName.Rows, TagFromName.Columns, TagFromName.SamplesPerPixel)) {
            UnsignedShortAttribute a = new UnsignedShortAttribute(tag);
            a.addValue(1);
            list.put(a);
        }
        for (var tag : List.of(TagFromName.BitsAllocated, TagFromName.BitsStored)) {
            UnsignedShortAttribute a = new UnsignedShortAttribute(tag);
            a.addValue(8);
            list.put(a);
        }
        UnsignedShortAttribute high = new UnsignedShortAttribute(TagFromName.HighBit);
        high.addValue(7);
        list.put(high);
        UnsignedShortAttribute rep = new UnsignedShortAttribute(TagFromName.PixelRepresentation);
        rep.addValue(0);
        list.put(rep);
        OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
        pixels.setValues(new byte[] {0x7F, 0});
        list.put(pixels);
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "TEST");
        File file = dir.resolve("sc.dcm").toFile();
        list.write(file, TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file;
    }

    private static void put(AttributeList list, com.pixelmed.dicom.Attribute a, String value) throws Exception {
        a.addValue(value);
        list.put(a);
    }
}
