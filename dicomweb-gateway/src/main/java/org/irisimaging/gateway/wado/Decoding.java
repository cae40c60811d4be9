package org.irisimaging.gateway.wado;

import java.util.Set;

/**
 * The compressed transfer syntaxes whose pixel data this gateway decodes (PixelMed with the JDK's
 * baseline JPEG reader and PixelMed's JPEG lossless/extended reader, and PixelMed's own RLE): what it
 * can turn into native samples when a client asks for uncompressed data — the JPEG Lossless
 * renditions among them, so that an instance whose original was removed is still served in any
 * uncompressed syntax. JPEG Extended (12-bit lossy: the JDK reads 8-bit only), JPEG 2000 and JPEG-LS
 * are not decoded (no codec): they are served as stored.
 */
final class Decoding {

    private static final Set<String> DECODABLE = Set.of(
            "1.2.840.10008.1.2.4.50", // JPEG Baseline (Process 1)
            "1.2.840.10008.1.2.4.57", // JPEG Lossless, Non-Hierarchical (Process 14)
            "1.2.840.10008.1.2.4.70", // JPEG Lossless, first-order prediction (the lossless renditions)
            "1.2.840.10008.1.2.5");   // RLE Lossless

    private Decoding() {
    }

    static boolean canDecode(String transferSyntaxUID) {
        return DECODABLE.contains(transferSyntaxUID);
    }
}
