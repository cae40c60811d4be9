package org.irisimaging.gateway.dimse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AssociateRequestTest {

    /** An A-ASSOCIATE-RQ with the fixed fields and {@code extra} bytes of items. */
    static byte[] request(String called, String calling, int extra) {
        int length = 68 + extra;
        byte[] pdu = new byte[6 + length];
        pdu[0] = 0x01;
        pdu[2] = (byte) (length >>> 24);
        pdu[3] = (byte) (length >>> 16);
        pdu[4] = (byte) (length >>> 8);
        pdu[5] = (byte) length;
        pdu[7] = 0x01; // protocol version
        Arrays.fill(pdu, 10, 42, (byte) ' ');
        byte[] c = called.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(c, 0, pdu, 10, c.length);
        byte[] g = calling.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(g, 0, pdu, 26, g.length);
        for (int i = 74; i < pdu.length; i++) {
            pdu[i] = (byte) i;
        }
        return pdu;
    }

    @Test
    void readsTheAeTitlesAndKeepsTheWholePdu() throws Exception {
        byte[] pdu = request("IRIS", "STORESCU", 100);
        byte[] stream = Arrays.copyOf(pdu, pdu.length + 10); // what follows is not consumed
        ByteArrayInputStream in = new ByteArrayInputStream(stream);
        AssociateRequest rq = AssociateRequest.read(in);
        assertEquals("IRIS", rq.calledAeTitle());
        assertEquals("STORESCU", rq.callingAeTitle());
        assertArrayEquals(pdu, rq.pdu());
        assertEquals(10, in.available());
    }

    @Test
    void refusesOtherPdusAndImplausibleLengths() {
        byte[] release = {0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0};
        assertThrows(AssociateRequest.ProtocolException.class,
                () -> AssociateRequest.read(new ByteArrayInputStream(release)));
        byte[] tooShort = request("IRIS", "X", 0);
        tooShort[5] = 10;
        assertThrows(AssociateRequest.ProtocolException.class,
                () -> AssociateRequest.read(new ByteArrayInputStream(tooShort)));
        byte[] huge = request("IRIS", "X", 0);
        huge[2] = 0x7F;
        assertThrows(AssociateRequest.ProtocolException.class,
                () -> AssociateRequest.read(new ByteArrayInputStream(huge)));
    }

    @Test
    void aConnectionClosedMidRequestIsAnEof() {
        byte[] pdu = request("IRIS", "STORESCU", 50);
        assertThrows(EOFException.class,
                () -> AssociateRequest.read(new ByteArrayInputStream(Arrays.copyOf(pdu, pdu.length - 1))));
        assertThrows(EOFException.class, () -> AssociateRequest.read(new ByteArrayInputStream(new byte[3])));
    }

    @Test
    void writesAnAssociateReject() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AssociateRequest.reject(out, AssociateRequest.RESULT_PERMANENT, AssociateRequest.SOURCE_SERVICE_USER,
                AssociateRequest.REASON_CALLING_AE_NOT_RECOGNIZED);
        assertArrayEquals(new byte[] {0x03, 0, 0, 0, 0, 4, 0, 1, 1, 3}, out.toByteArray());
    }

    @Test
    void aeTitleSyntax() {
        assertTrue(AssociateRequest.isValidAeTitle("IRIS"));
        assertTrue(AssociateRequest.isValidAeTitle("ORTHANC"));
        assertTrue(AssociateRequest.isValidAeTitle(" PACS 1 "));
        assertTrue(AssociateRequest.isValidAeTitle("SIXTEEN_CHARS_AE"));
        assertFalse(AssociateRequest.isValidAeTitle("SEVENTEEN_CHARS_A"));
        assertFalse(AssociateRequest.isValidAeTitle(""));
        assertFalse(AssociateRequest.isValidAeTitle("   "));
        assertFalse(AssociateRequest.isValidAeTitle(null));
        assertFalse(AssociateRequest.isValidAeTitle("A\\B"));
        assertFalse(AssociateRequest.isValidAeTitle("TAB\tAE"));
        assertFalse(AssociateRequest.isValidAeTitle("ÉCHO"));
    }
}
