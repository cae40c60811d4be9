package org.irisimaging.e2e.fuzz;

/**
 * One mutated DICOM instance of the fuzz suite, ready to send both ways.
 *
 * @param number            its place in the deterministic sequence (reproduces it)
 * @param mutation          the mutation class (truncation, bit-flip, element-length, ...)
 * @param detail            what exactly was changed, e.g. {@code cut at 1234 of 5678}
 * @param seed              the file it was made from
 * @param sopClassUid       what a C-STORE-RQ announces (the seed's SOP Class UID)
 * @param sopInstanceUid    what a C-STORE-RQ announces (the instance's intended SOP Instance UID)
 * @param transferSyntaxUid the presentation context's transfer syntax for C-STORE (the seed's)
 * @param file              the Part 10 file, one STOW-RS part
 * @param dataSet           the data set as a C-STORE sends it (no preamble nor meta information)
 * @param stowMustRefuse    whether any answer but a refusal is a finding over STOW-RS
 * @param cStoreMustRefuse  the same over C-STORE (which never sees the meta information)
 */
public record MutatedInstance(int number, String mutation, String detail, String seed, String sopClassUid,
                              String sopInstanceUid, String transferSyntaxUid, byte[] file, byte[] dataSet,
                              boolean stowMustRefuse, boolean cStoreMustRefuse) {

    /** For failure messages: enough to reproduce it. */
    @Override
    public String toString() {
        return "#" + number + " " + mutation + " of " + seed + ": " + detail;
    }
}
