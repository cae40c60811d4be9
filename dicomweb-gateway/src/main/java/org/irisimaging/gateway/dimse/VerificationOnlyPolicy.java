package org.irisimaging.gateway.dimse;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import com.pixelmed.network.TransferSyntaxSelectionPolicy;
import com.pixelmed.network.UnencapsulatedExplicitTransferSyntaxSelectionPolicy;
import java.util.LinkedList;

/**
 * Accepts the Verification SOP Class (C-ECHO) and nothing else; other abstract syntaxes get
 * "abstract syntax not supported (provider rejection)".
 */
final class VerificationOnlyPolicy implements PresentationContextSelectionPolicy {

    private static final byte ACCEPTANCE = 0;
    private static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;

    private final TransferSyntaxSelectionPolicy transferSyntaxes = new UnencapsulatedExplicitTransferSyntaxSelectionPolicy();

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList presentationContexts, int associationNumber) {
        for (Object o : presentationContexts) {
            PresentationContext pc = (PresentationContext) o;
            pc.setResultReason(SOPClass.isVerification(pc.getAbstractSyntaxUID()) ? ACCEPTANCE : ABSTRACT_SYNTAX_NOT_SUPPORTED);
        }
        LinkedList selected = transferSyntaxes.applyTransferSyntaxSelectionPolicy(presentationContexts, associationNumber);
        return transferSyntaxes.applyExplicitTransferSyntaxPreferencePolicy(selected, associationNumber);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList presentationContexts, int associationNumber,
            int debugLevel) {
        return applyPresentationContextSelectionPolicy(presentationContexts, associationNumber);
    }
}
