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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import javax.net.ssl.SSLContext;
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

    record Config(boolean enabled, String aeTitle, int port, Map<String, DimseConfig.Peer> peers, DimseConfig.Tls tls)
            implements DimseConfig {

        /** Each title a peer allowed from this machine only (the development default), no TLS. */
        Config(boolean enabled, String aeTitle, int port, List<String> localTitles) {
            this(enabled, aeTitle, port, localPeers(localTitles), new TlsConfig(OptionalInt.empty(), "dimse"));
        }
    }

    record PeerConfig(String aeTitle, List<String> hosts, Optional<String> tlsSubject, Optional<String> tlsFingerprint)
            implements DimseConfig.Peer {

        PeerConfig(String aeTitle, String... hosts) {
            this(aeTitle, List.of(hosts), Optional.empty(), Optional.empty());
        }

        @Override
        public Optional<String> establishment() {
            return Optional.empty();
        }
    }

    record TlsConfig(OptionalInt port, String configuration) implements DimseConfig.Tls {
    }

    static Map<String, DimseConfig.Peer> localPeers(List<String> titles) {
        Map<String, DimseConfig.Peer> peers = new LinkedHashMap<>();
        titles.forEach(t -> peers.put(t.toLowerCase(java.util.Locale.ROOT), new PeerConfig(t, "127.0.0.1", "::1")));
        return peers;
    }

    /** No TLS configuration: tests that start the plain port only. */
    static SSLContext noTls(String name) {
        throw new IllegalStateException("no TLS configuration " + name);
    }

    @BeforeAll
    static void start() throws Exception {
        java.util.logging.Logger.getLogger("org.irisimaging.gateway.dimse").addHandler(capture);
        Map<String, DimseConfig.Peer> peers = localPeers(ALLOWED);
        // an allowed title, but only from an address this machine never uses
        peers.put("elsewhere", new PeerConfig("ELSEWHERE", "192.0.2.0/24"));
        // allowed from 127.0.0.1 only (the test client below connects from 127.0.0.2)
        peers.put("only-127-0-0-1", new PeerConfig("LOOPBACK1", "127.0.0.1"));
        server = new DimseServer(new Config(true, AE, 0, peers, new TlsConfig(OptionalInt.empty(), "dimse")),
                DimseServices::verificationOnly, DimseServerTest::noTls);
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
    void anAllowedCallingAeFromAnotherAddressIsRejectedAtAssociation() throws Exception {
        Dcmtk.Result r = Dcmtk.echoscu("ELSEWHERE", AE, port);
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Calling AE Title Not Recognized"), r.output());
        awaitLog("DIMSE association refused", "calling AE title 'ELSEWHERE' not allowed from 127.0.0.1");
    }

    @Test
    void aPeerAllowedFrom127001IsRejectedFrom127002() throws Exception {
        // On Linux the whole of 127/8 is loopback: bind the client to another address than the peer's.
        assertArrayEquals(new byte[] {3, 1, 1, 3}, associate(InetAddress.getByName("127.0.0.2"), "LOOPBACK1"),
                "A-ASSOCIATE-RJ: permanent, service user, calling AE title not recognised");
        awaitLog("DIMSE association refused", "calling AE title 'LOOPBACK1' not allowed from 127.0.0.2");
        // the same request from the allowed address is accepted (A-ASSOCIATE-AC)
        assertEquals(2, associate(InetAddress.getByName("127.0.0.1"), "LOOPBACK1")[0]);
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
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            s.getOutputStream().flush();
            assertEquals(-1, s.getInputStream().read()); // closed without an answer
        }
        assertEquals(0, Dcmtk.echoscu("ECHOSCU", AE, port).exitCode());
    }

    @Test
    void stopReleasesThePortAndRestartWorks() throws Exception {
        DimseServer other = new DimseServer(new Config(true, "OTHER", 0, List.of("ECHOSCU")),
                DimseServices::verificationOnly, DimseServerTest::noTls);
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
    void refusesToStartWithoutPeers() {
        DimseServer none = new DimseServer(new Config(true, AE, 0, List.of()), DimseServices::verificationOnly,
                DimseServerTest::noTls);
        IllegalStateException e = assertThrows(IllegalStateException.class, none::start);
        assertTrue(e.getMessage().contains("iris.dimse.peers"), e.getMessage());
        assertFalse(none.isListening());
    }

    @Test
    void refusesPeersWithoutUsableAddresses() {
        for (PeerConfig bad : List.of(new PeerConfig("PACS"), new PeerConfig("PACS", "10.0.0.0/33"),
                new PeerConfig("PACS", "no-such-host.invalid"))) {
            DimseServer s = new DimseServer(new Config(true, AE, 0, Map.of("pacs", bad),
                    new TlsConfig(OptionalInt.empty(), "dimse")), DimseServices::verificationOnly, DimseServerTest::noTls);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::start);
            assertTrue(e.getMessage().startsWith("iris.dimse.peers.pacs.hosts"), e.getMessage());
            assertFalse(s.isListening());
        }
    }

    @Test
    void refusesInvalidAeTitles() {
        assertThrows(IllegalArgumentException.class,
                new DimseServer(new Config(true, "MUCH_TOO_LONG_AE_TITLE", 0, ALLOWED), DimseServices::verificationOnly, DimseServerTest::noTls)::start);
        assertThrows(IllegalArgumentException.class,
                new DimseServer(new Config(true, AE, 0, List.of("BACK\\SLASH")), DimseServices::verificationOnly, DimseServerTest::noTls)::start);
        assertThrows(IllegalArgumentException.class,
                new DimseServer(new Config(true, " ", 0, ALLOWED), DimseServices::verificationOnly, DimseServerTest::noTls)::start);
    }

    @Test
    void aBusyPortFailsStartClearly() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            DimseServer clash = new DimseServer(new Config(true, AE, taken.getLocalPort(), ALLOWED),
                    DimseServices::verificationOnly, DimseServerTest::noTls);
            java.io.IOException e = assertThrows(java.io.IOException.class, clash::start);
            assertTrue(e.getMessage().contains("port " + taken.getLocalPort()), e.getMessage());
            assertFalse(clash.isListening());
        }
    }

    private static void awaitLog(String... parts) throws InterruptedException {
        // the server logs on its own thread, possibly after the client has already given up
        long deadline = System.nanoTime() + 5_000_000_000L;
        java.util.function.Predicate<String> matches = l -> java.util.Arrays.stream(parts).allMatch(l::contains);
        while (logLines.stream().noneMatch(matches) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(logLines.stream().anyMatch(matches), String.join(" ", parts) + " not in " + logLines);
    }

    /**
     * Sends a Verification A-ASSOCIATE-RQ from a socket bound to {@code from} and returns the answer
     * PDU's type and, for an A-ASSOCIATE-RJ, its result, source and reason.
     */
    private static byte[] associate(InetAddress from, String calling) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(associateRequest(AE, calling));
            s.getOutputStream().flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int type = in.readUnsignedByte();
            in.readUnsignedByte();
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            if (type == 2) {
                s.getOutputStream().write(new byte[] {7, 0, 0, 0, 0, 4, 0, 0, 0, 0}); // A-ABORT
            }
            return type == 3 ? new byte[] {3, body[1], body[2], body[3]} : new byte[] {(byte) type};
        }
    }

    /** A-ASSOCIATE-RQ (PS3.8 9.3.2) proposing Verification in implicit VR little endian. */
    private static byte[] associateRequest(String called, String calling) {
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        item(items, 0x10, ascii("1.2.840.10008.3.1.1.1"));
        ByteArrayOutputStream pc = new ByteArrayOutputStream();
        pc.writeBytes(new byte[] {1, 0, 0, 0});
        item(pc, 0x30, ascii("1.2.840.10008.1.1"));
        item(pc, 0x40, ascii("1.2.840.10008.1.2"));
        item(items, 0x20, pc.toByteArray());
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, new byte[] {0, 0, 0x40, 0});
        item(user, 0x52, ascii("1.2.826.0.1.3680043.2.1"));
        item(items, 0x50, user.toByteArray());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 1, 0, 0});
        body.writeBytes(ascii(String.format("%-16s", called)));
        body.writeBytes(ascii(String.format("%-16s", calling)));
        body.writeBytes(new byte[32]);
        body.writeBytes(items.toByteArray());
        ByteArrayOutputStream pdu = new ByteArrayOutputStream();
        int n = body.size();
        pdu.writeBytes(new byte[] {1, 0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        pdu.writeBytes(body.toByteArray());
        return pdu.toByteArray();
    }

    private static void item(ByteArrayOutputStream out, int type, byte[] value) {
        out.writeBytes(new byte[] {(byte) type, 0, (byte) (value.length >>> 8), (byte) value.length});
        out.writeBytes(value);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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
