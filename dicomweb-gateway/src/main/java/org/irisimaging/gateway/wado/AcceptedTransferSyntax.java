package org.irisimaging.gateway.wado;

import org.irisimaging.dicom.TransferSyntaxes;
import org.irisimaging.dicom.multipart.MultipartRelatedType;

import java.util.Locale;

/**
 * What a WADO-RS client accepts for {@code application/dicom} parts (PS3.18 §8.7.3): any transfer
 * syntax ({@code transfer-syntax=*}), a specific one, or the default, Explicit VR Little Endian,
 * when the parameter is absent.
 *
 * @param transferSyntaxUID the requested UID, {@code "*"}, or {@code null} for the default
 */
record AcceptedTransferSyntax(String transferSyntaxUID) {

    /**
     * From an Accept header: the first acceptable {@code multipart/related; type="application/dicom"}
     * entry ({@code *}/{@code *} and a missing header mean the default); {@code null} when nothing
     * acceptable is offered (406).
     */
    static AcceptedTransferSyntax fromAccept(String accept) {
        if (accept == null || accept.isBlank()) {
            return new AcceptedTransferSyntax(null);
        }
        for (String entry : accept.split(",")) {
            MultipartRelatedType type = MultipartRelatedType.parse(entry);
            if (type == null) {
                continue;
            }
            String q = type.parameter("q");
            if (q != null && q.trim().startsWith("0") && !q.trim().matches("0\\.0*[1-9].*")) {
                continue; // q=0: explicitly not acceptable
            }
            String media = type.mediaType();
            if (media.equals("*/*") || media.equals("multipart/*")) {
                return new AcceptedTransferSyntax(null);
            }
            if (media.equals("multipart/related")) {
                String partType = type.parameter("type");
                if (type.asksDefaultPartType() || partType.toLowerCase(Locale.ROOT).equals("application/dicom")) {
                    return new AcceptedTransferSyntax(type.parameter("transfer-syntax"));
                }
            }
        }
        return null;
    }

    /**
     * The transfer syntax to send an instance stored in {@code stored} with, or {@code null} when
     * this gateway cannot produce what was asked (406). Uncompressed data is rewritten in either
     * Little Endian syntax; compressed data is decoded to them when {@link Decoding} can. The default
     * (no {@code transfer-syntax}) is Explicit VR Little Endian; what cannot be decoded then goes out
     * as stored rather than not at all (documented in docs/conformance.md).
     */
    String choose(String stored) {
        if ("*".equals(transferSyntaxUID) || stored.equals(transferSyntaxUID)) {
            return stored;
        }
        boolean convertible = TransferSyntaxes.isNative(stored) || Decoding.canDecode(stored);
        if (transferSyntaxUID == null) {
            return convertible ? TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN : stored;
        }
        if ((transferSyntaxUID.equals(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN) || transferSyntaxUID.equals(TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN))
                && convertible) {
            return transferSyntaxUID;
        }
        return null;
    }
}
