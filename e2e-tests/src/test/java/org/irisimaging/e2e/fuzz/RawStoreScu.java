package org.irisimaging.e2e.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A C-STORE SCU that sends data sets byte for byte as given, many on one association, and tells
 * what came back: the C-STORE-RSP status, or that the association was dropped (aborted, closed or
 * silent past a timeout) without one. Written on the DICOM Upper Layer (PS3.8 section 9.3) rather
 * than with a toolkit: dcmtk's storescu and PixelMed's SCU parse what they send and refuse malformed
 * files, and neither bounds how long it waits for an answer.
 */
public final class RawStoreScu implements AutoCloseable {

    private static final String APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    private static final String IMPLEMENTATION_CLASS = "2.25.1313131313";
    private static final int MAX_PDU = 16_384;

    /** What a C-STORE got: a status (and Error Comment), or {@code dropped} with why. */
    public record Answer(int status, String errorComment, String dropped) {
        public boolean wasDropped() {
            return dropped != null;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** Accepted presentation contexts: "sopClass|transferSyntax" → context id. */
    private final Map<String, Integer> contexts = new HashMap<>();
    private int peerMaxPdu = MAX_PDU;
    private int messageId;
    private boolean open;

    private RawStoreScu(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Opens an association proposing one presentation context per (SOP class, transfer syntax) pair
     * (at most 128) and waits at most {@code timeoutMillis} for each answer.
     */
    public static RawStoreScu open(String host, int port, String called, String calling, List<String[]> pairs,
                                   int timeoutMillis) throws IOException {
        if (pairs.size() > 128) {
            throw new IllegalArgumentException("at most 128 presentation contexts");
        }
        Socket socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(timeoutMillis);
        RawStoreScu scu = new RawStoreScu(socket);
        try {
            scu.associate(called, calling, pairs);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return scu;
    }

    /** Whether a context for the pair was accepted. */
    public boolean accepted(String sopClass, String transferSyntax) {
        return contexts.containsKey(sopClass + "|" + transferSyntax);
    }

    /** Whether the association is still usable (not dropped). */
    public boolean isOpen() {
        return open;
    }

    /** One C-STORE-RQ with {@code dataSet} as is, on the context of the pair (which must be accepted). */
    public Answer store(String sopClass, String sopInstance, String transferSyntax, byte[] dataSet) {
        Integer context = contexts.get(sopClass + "|" + transferSyntax);
        if (context == null) {
            throw new IllegalStateException("no accepted context for " + sopClass + " in " + transferSyntax);
        }
        try {
            pData(context, true, command(sopClass, sopInstance, ++messageId));
            pData(context, false, dataSet);
            return response();
        } catch (SocketTimeoutException e) {
            return dropped("no answer within " + socketTimeout() + " ms");
        } catch (EOFException e) {
            return dropped("connection closed by the SCP");
        } catch (IOException e) {
            return dropped(e.toString());
        }
    }

    /** A-RELEASE-RQ, then waits for the A-RELEASE-RP; closes the socket whatever happens. */
    @Override
    public void close() {
        try {
            if (open) {
                out.write(new byte[] {0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0});
                out.flush();
                int type = in.readUnsignedByte();
                if (type != 0x06) {
                    throw new IOException("A-RELEASE answered with PDU type " + type);
                }
            }
        } catch (IOException ignored) {
            // released or not, the socket goes
        } finally {
            open = false;
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    private Answer dropped(String why) {
        open = false;
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
        return new Answer(-1, null, why);
    }

    private int socketTimeout() {
        try {
            return socket.getSoTimeout();
        } catch (IOException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------ association

    private void associate(String called, String calling, List<String[]> pairs) throws IOException {
        ByteArrayOutputStream variable = new ByteArrayOutputStream();
        item(variable, 0x10, ascii(APPLICATION_CONTEXT));
        int id = 1;
        Map<Integer, String> proposed = new HashMap<>();
        for (String[] pair : pairs) {
            ByteArrayOutputStream pc = new ByteArrayOutputStream();
            pc.write(id);
            pc.write(new byte[3]);
            item(pc, 0x30, ascii(pair[0]));
            item(pc, 0x40, ascii(pair[1]));
            item(variable, 0x20, pc.toByteArray());
            proposed.put(id, pair[0] + "|" + pair[1]);
            id += 2;
        }
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, new byte[] {0, 0, (byte) (MAX_PDU >>> 8), (byte) MAX_PDU});
        item(user, 0x52, ascii(IMPLEMENTATION_CLASS));
        item(variable, 0x50, user.toByteArray());

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[] {0, 1, 0, 0});
        body.write(ae(called));
        body.write(ae(calling));
        body.write(new byte[32]);
        body.write(variable.toByteArray());
        pdu(0x01, body.toByteArray());

        int type = in.readUnsignedByte();
        in.readUnsignedByte();
        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        if (type != 0x02) {
            throw new IOException("association not accepted (PDU type " + type + ")");
        }
        for (int at = 68; at + 4 <= answer.length; ) {
            int itemType = answer[at] & 0xff;
            int length = (answer[at + 2] & 0xff) << 8 | answer[at + 3] & 0xff;
            if (itemType == 0x21 && (answer[at + 6] & 0xff) == 0) { // presentation context: acceptance
                contexts.put(proposed.get(answer[at + 4] & 0xff), answer[at + 4] & 0xff);
            } else if (itemType == 0x50) {
                for (int sub = at + 4; sub + 4 <= at + 4 + length; ) {
                    int subLength = (answer[sub + 2] & 0xff) << 8 | answer[sub + 3] & 0xff;
                    if ((answer[sub] & 0xff) == 0x51) {
                        long max = (answer[sub + 4] & 0xffL) << 24 | (answer[sub + 5] & 0xffL) << 16
                                | (answer[sub + 6] & 0xffL) << 8 | answer[sub + 7] & 0xffL;
                        peerMaxPdu = max == 0 || max > 1 << 20 ? 1 << 20 : (int) max;
                    }
                    sub += 4 + subLength;
                }
            }
            at += 4 + length;
        }
        open = true;
    }

    // ------------------------------------------------------------------ DIMSE

    /** A C-STORE-RQ command set, implicit VR little endian (PS3.7 9.3.1.1). */
    private static byte[] command(String sopClass, String sopInstance, int messageId) {
        ElementWriter elements = new ElementWriter(false)
                .string(0x00000002, "UI", sopClass)
                .us(0x00000100, 0x0001)
                .us(0x00000110, messageId)
                .us(0x00000700, 0)
                .us(0x00000800, 0x0000)
                .string(0x00001000, "UI", sopInstance);
        byte[] rest = elements.toByteArray();
        return Part10.concat(new ElementWriter(false).element(0x00000000, "UL", Part10.le32(rest.length))
                .toByteArray(), rest);
    }

    /** Sends {@code bytes} as PDVs of at most the peer's maximum PDU length, the last one flagged. */
    private void pData(int context, boolean command, byte[] bytes) throws IOException {
        int chunk = peerMaxPdu - 6;
        int at = 0;
        do {
            int n = Math.min(chunk, bytes.length - at);
            boolean last = at + n == bytes.length;
            ByteArrayOutputStream pdv = new ByteArrayOutputStream(n + 12);
            int pdvLength = n + 2;
            pdv.write(new byte[] {(byte) (pdvLength >>> 24), (byte) (pdvLength >>> 16), (byte) (pdvLength >>> 8),
                    (byte) pdvLength, (byte) context, (byte) ((command ? 1 : 0) | (last ? 2 : 0))});
            pdv.write(bytes, at, n);
            pdu(0x04, pdv.toByteArray());
            at += n;
        } while (at < bytes.length);
    }

    /** Reads PDUs until a whole command arrives; returns its Status and Error Comment. */
    private Answer response() throws IOException {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        while (true) {
            int type = in.readUnsignedByte();
            in.readUnsignedByte();
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            if (type == 0x07) {
                return dropped("A-ABORT from the SCP (source " + (body[2] & 0xff) + ", reason " + (body[3] & 0xff)
                        + ")");
            }
            if (type != 0x04) {
                return dropped("unexpected PDU type " + type);
            }
            for (int at = 0; at + 6 <= body.length; ) {
                int length = (body[at] & 0xff) << 24 | (body[at + 1] & 0xff) << 16 | (body[at + 2] & 0xff) << 8
                        | body[at + 3] & 0xff;
                int header = body[at + 5];
                if ((header & 1) == 1) {
                    command.write(body, at + 6, length - 2);
                    if ((header & 2) == 2) {
                        return status(command.toByteArray());
                    }
                }
                at += 4 + length;
            }
        }
    }

    private static Answer status(byte[] command) {
        int status = -1;
        String comment = null;
        for (DataSetElements.Element e : DataSetElements.walk(command, DataSetElements.Syntax.IMPLICIT_LITTLE)) {
            if (e.tag() == 0x00000900) {
                status = command[e.valueOffset()] & 0xff | (command[e.valueOffset() + 1] & 0xff) << 8;
            } else if (e.tag() == 0x00000902) {
                comment = new String(command, e.valueOffset(), (int) e.length(), StandardCharsets.ISO_8859_1).trim();
            }
        }
        return new Answer(status, comment, null);
    }

    // ------------------------------------------------------------------ PDU encoding

    private void pdu(int type, byte[] body) throws IOException {
        byte[] header = {(byte) type, 0, (byte) (body.length >>> 24), (byte) (body.length >>> 16),
                (byte) (body.length >>> 8), (byte) body.length};
        out.write(header);
        out.write(body);
        out.flush();
    }

    private static void item(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type);
        out.write(0);
        out.write(value.length >>> 8);
        out.write(value.length);
        out.writeBytes(value);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] ae(String title) {
        return String.format("%-16s", title).getBytes(StandardCharsets.US_ASCII);
    }

    /** The (SOP class, transfer syntax) pairs of {@code instances}, for {@link #open}. */
    public static List<String[]> pairs(List<MutatedInstance> instances) {
        List<String[]> pairs = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (MutatedInstance i : instances) {
            if (seen.add(i.sopClassUid() + "|" + i.transferSyntaxUid())) {
                pairs.add(new String[] {i.sopClassUid(), i.transferSyntaxUid()});
            }
        }
        return pairs;
    }
}
