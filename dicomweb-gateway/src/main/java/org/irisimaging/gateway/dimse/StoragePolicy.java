package org.irisimaging.gateway.dimse;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import org.irisimaging.dicom.TransferSyntaxes;

/**
 * Accepts Verification and every storage SOP class PixelMed knows
 * ({@link SOPClass#getSetOfStorageSOPClasses()}), in the transfer syntaxes the platform stores as
 * received ({@link TransferSyntaxes}). Of the transfer syntaxes a presentation context
 * proposes, the first acceptable one in the requestor's order is chosen (the requestor lists its
 * preference first, usually the one its files are in, so nothing is converted on the way), except
 * the retired Explicit VR Big Endian, chosen only when it is the one acceptable proposal.
 * Anything else: abstract syntax not supported (3), or transfer syntaxes not supported (4).
 */
final class StoragePolicy implements PresentationContextSelectionPolicy {

    private static final byte ACCEPTANCE = 0;
    private static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    private static final byte TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;
    private static final Set<String> VERIFICATION_TRANSFER_SYNTAXES = Set.of(
            TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN);

    private final Set<String> storageSopClasses;

    StoragePolicy() {
        Set<String> classes = new HashSet<>();
        for (Object uid : SOPClass.getSetOfStorageSOPClasses()) {
            classes.add((String) uid);
        }
        this.storageSopClasses = Set.copyOf(classes);
    }

    /** Whether {@code sopClassUid} is accepted for storage. */
    boolean isStorage(String sopClassUid) {
        return storageSopClasses.contains(sopClassUid);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList presentationContexts, int associationNumber) {
        for (Object o : presentationContexts) {
            PresentationContext pc = (PresentationContext) o;
            String abstractSyntax = pc.getAbstractSyntaxUID();
            Set<String> acceptable;
            if (SOPClass.isVerification(abstractSyntax)) {
                acceptable = VERIFICATION_TRANSFER_SYNTAXES;
            } else if (abstractSyntax != null && storageSopClasses.contains(abstractSyntax)) {
                acceptable = TransferSyntaxes.STORED;
            } else {
                decide(pc, ABSTRACT_SYNTAX_NOT_SUPPORTED, TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN);
                continue;
            }
            String chosen = choose((List) pc.getTransferSyntaxUIDs(), acceptable);
            if (chosen == null) {
                decide(pc, TRANSFER_SYNTAXES_NOT_SUPPORTED, TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN);
            } else {
                decide(pc, ACCEPTANCE, chosen);
            }
        }
        return presentationContexts;
    }

    @Override
    @Deprecated // PixelMed's interface still declares it
    @SuppressWarnings("rawtypes")
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList presentationContexts, int associationNumber,
            int debugLevel) {
        return applyPresentationContextSelectionPolicy(presentationContexts, associationNumber);
    }

    /**
     * The first of {@code proposed} (in the requestor's order) that is acceptable, except that the
     * retired Explicit VR Big Endian is only chosen when nothing else acceptable is proposed.
     */
    static String choose(List<?> proposed, Set<String> acceptable) {
        boolean bigEndian = false;
        for (Object o : proposed) {
            String ts = o == null ? null : ((String) o).trim();
            if (ts == null || !acceptable.contains(ts)) {
                continue;
            }
            if (ts.equals(TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN)) {
                bigEndian = true;
            } else {
                return ts;
            }
        }
        return bigEndian ? TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN : null;
    }

    /** Result and the one transfer syntax of the A-ASSOCIATE-AC item (not significant when refused). */
    private static void decide(PresentationContext pc, byte result, String transferSyntax) {
        pc.setResultReason(result);
        pc.newTransferSyntaxUIDs();
        pc.addTransferSyntaxUID(transferSyntax);
    }
}
