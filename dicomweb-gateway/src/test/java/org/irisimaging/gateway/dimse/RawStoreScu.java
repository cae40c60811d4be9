package org.irisimaging.gateway.dimse;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.CStoreRequestCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.PresentationContext;
import java.util.LinkedList;

/**
 * A C-STORE SCU on PixelMed's association layer that sends a command and data set bytes exactly as
 * given, so that tests can send what a well-behaved SCU (dcmtk's storescu) never would: a data set
 * cut short, or one that contradicts its command.
 */
final class RawStoreScu {

    /** The C-STORE-RSP: status and Error Comment. */
    record Response(int status, String errorComment) {
    }

    private RawStoreScu() {
    }

    /**
     * Opens an association as {@code calling}, sends one C-STORE-RQ announcing
     * {@code sopClass}/{@code sopInstance} with {@code dataSet} (encoded in {@code transferSyntax}),
     * waits for the response and releases.
     */
    static Response store(int port, String called, String calling, String sopClass, String sopInstance,
            String transferSyntax, byte[] dataSet) throws Exception {
        return store(port, called, calling, sopClass, sopClass, sopInstance, transferSyntax, dataSet);
    }

    /** As above, but negotiating {@code proposedSopClass} and announcing {@code sopClass} in the command. */
    static Response store(int port, String called, String calling, String proposedSopClass, String sopClass,
            String sopInstance, String transferSyntax, byte[] dataSet) throws Exception {
        LinkedList<PresentationContext> contexts = new LinkedList<>();
        contexts.add(new PresentationContext((byte) 1, proposedSopClass, transferSyntax));
        Association association = AssociationFactory.createNewAssociation("127.0.0.1", port, called, calling, contexts,
                null, false);
        Response response;
        try {
            byte pcid = association.getSuitablePresentationContextID(proposedSopClass, transferSyntax);
            Handler handler = new Handler();
            association.setReceivedDataHandler(handler);
            association.send(pcid, new CStoreRequestCommandMessage(sopClass, sopInstance).getBytes(), dataSet);
            association.waitForCommandPDataPDUs();
            response = new Response(handler.getStatus(), handler.errorComment);
        } catch (Exception e) {
            try {
                association.abort();
            } catch (Exception ignored) {
                // the original failure is the one to report
            }
            throw e;
        }
        association.release();
        return response;
    }

    private static final class Handler extends CompositeResponseHandler {
        String errorComment;

        @Override
        protected void evaluateStatusAndSetSuccess(AttributeList list) {
            status = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Status, -1);
            success = status == 0;
            errorComment = Attribute.getSingleStringValueOrNull(list, TagFromName.ErrorComment);
        }
    }
}
