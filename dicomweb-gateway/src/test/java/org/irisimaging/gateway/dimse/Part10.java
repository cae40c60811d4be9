package org.irisimaging.gateway.dimse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/** Byte-level views of Part 10 files, to compare what was sent with what was stored. */
final class Part10 {

    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
            "UR", "UT", "UV");

    private Part10() {
    }

    /** The data set's bytes: everything after the file meta information (group 0002, explicit VR LE). */
    static byte[] dataSet(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return Arrays.copyOfRange(bytes, dataSetOffset(bytes), bytes.length);
    }

    static int dataSetOffset(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int offset = 132;
        while (offset + 8 <= bytes.length && b.getShort(offset) == 0x0002) {
            String vr = new String(bytes, offset + 4, 2, StandardCharsets.US_ASCII);
            if (LONG_VRS.contains(vr)) {
                offset += 12 + b.getInt(offset + 8);
            } else {
                offset += 8 + (b.getShort(offset + 6) & 0xFFFF);
            }
        }
        return offset;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
