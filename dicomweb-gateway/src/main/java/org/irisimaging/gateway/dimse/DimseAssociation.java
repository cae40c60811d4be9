package org.irisimaging.gateway.dimse;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.network.AReleaseException;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.CEchoResponseCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PDataPDU;
import com.pixelmed.network.PresentationDataValue;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * One accepted association, from A-ASSOCIATE-AC to release or abort, on PixelMed's association
 * layer ({@link AssociationFactory}, {@link Association}) with the DIMSE service handled here.
 *
 * <p>Why not PixelMed's {@code StorageSOPClassSCP}: it answers every C-STORE with Success. It
 * calls its {@code ReceivedObjectHandler} before sending the response, but the response is built
 * beforehand with a fixed Success status, and an exception from the handler aborts the association
 * instead of reporting a status. Here the C-STORE-RSP is built from the {@link CStoreHandler}'s
 * verdict, after it returned, with an Error Comment on failures.
 *
 * <p>Each C-STORE's data set is streamed to a spool file behind file meta information built from
 * the command (no copy of the whole object in memory), handed to the handler as a Part 10 file, and
 * removed once answered. Services: C-ECHO and C-STORE; any other command aborts the association.
 */
final class DimseAssociation {

    private static final Logger LOG = Logger.getLogger(DimseAssociation.class);
    private static final int SPOOL_BUFFER = 64 * 1024;
    /**
     * Largest P-DATA-TF PDU accepted, announced in the A-ASSOCIATE-AC: 128 KiB, the most dcmtk
     * sends. PixelMed's default of 16 KiB cuts a 512x512 CT slice into 33 PDUs, each read, copied
     * and written on its own: about a tenth of the slice's C-STORE time.
     */
    static final int MAX_PDU_LENGTH_RECEIVED = 128 * 1024;

    private final Socket socket;
    private final String aeTitle;
    private final DimseServices services;
    private final String remoteAddress;
    private int stored;
    private int refused;

    DimseAssociation(Socket socket, String aeTitle, DimseServices services, String remoteAddress) {
        this.socket = socket;
        this.aeTitle = aeTitle;
        this.services = services;
        this.remoteAddress = remoteAddress;
    }

    /** Negotiates and serves the association; returns when it is released or aborted. */
    void run() throws DicomNetworkException, IOException {
        // Socket buffers: 0 leaves them to the operating system, which sizes them to the traffic.
        Association association = AssociationFactory.createNewAssociation(socket, aeTitle,
                MAX_PDU_LENGTH_RECEIVED, 0, 0, services.presentationContexts());
        String calling = association.getCallingAETitle();
        int number = association.getAssociationNumber();
        LOG.debugf("Association #%d from %s at %s accepted", number, calling, remoteAddress);
        Request request = null;
        try {
            while (true) {
                request = new Request(calling);
                association.setReceivedDataHandler(request);
                association.waitForPDataPDUsUntilHandlerReportsDone();
                byte[] response = respond(request);
                association.send(request.presentationContextId, response, null);
                request.cleanUp();
                request = null;
            }
        } catch (AReleaseException e) {
            LOG.debugf("Association #%d from %s released: %d stored, %d refused", number, calling, stored, refused);
        } catch (ProtocolViolation e) {
            LOG.infof("Association #%d from %s at %s aborted: %s", number, calling, remoteAddress, e.getMessage());
            abortQuietly(association);
        } finally {
            if (request != null) {
                request.cleanUp();
            }
        }
    }

    /** The response to a complete request (command and, for C-STORE, data set). */
    private byte[] respond(Request request) throws DicomNetworkException, IOException, ProtocolViolation {
        try {
            switch (request.commandField) {
                case CommandSet.C_ECHO_RQ:
                    return new CEchoResponseCommandMessage(request.affectedSopClassUid, request.messageId,
                            CStoreHandler.SUCCESS).getBytes();
                case CommandSet.C_STORE_RQ:
                    CStoreHandler.Result result = store(request);
                    if (result.status() == CStoreHandler.SUCCESS) {
                        stored++;
                    } else {
                        refused++;
                    }
                    return CommandSet.cStoreResponse(request.affectedSopClassUid, request.affectedSopInstanceUid,
                            request.messageId, result.status(), result.errorComment());
                default:
                    throw new ProtocolViolation("unsupported command 0x" + Integer.toHexString(request.commandField));
            }
        } catch (DicomException e) {
            throw new ProtocolViolation("cannot build the response: " + e.getMessage());
        }
    }

    private CStoreHandler.Result store(Request request) {
        if (request.affectedSopClassUid == null || request.affectedSopInstanceUid == null) {
            return CStoreHandler.Result.failure(CStoreHandler.CANNOT_UNDERSTAND,
                    "C-STORE-RQ without Affected SOP Class/Instance UID");
        }
        if (!request.hasDataSet) {
            return CStoreHandler.Result.failure(CStoreHandler.CANNOT_UNDERSTAND, "C-STORE-RQ without a data set");
        }
        if (!request.sopClassNegotiated) {
            return CStoreHandler.Result.failure(CStoreHandler.SOP_CLASS_NOT_SUPPORTED,
                    "Affected SOP Class not negotiated on this association");
        }
        if (request.spoolFailure != null || request.file == null) {
            LOG.errorf("Could not spool a received object to %s: %s", services.spoolDirectory(), request.spoolFailure);
            return CStoreHandler.Result.failure(CStoreHandler.OUT_OF_RESOURCES, "cannot write the received object");
        }
        try {
            return Objects.requireNonNull(services.storage().store(new CStoreHandler.Request(request.file,
                    request.affectedSopClassUid, request.affectedSopInstanceUid, request.transferSyntaxUid,
                    request.callingAeTitle, remoteAddress)), "storage result");
        } catch (RuntimeException e) {
            LOG.errorf(e, "Storage of a C-STORE from %s failed unexpectedly", request.callingAeTitle);
            return CStoreHandler.Result.failure(0x0110, "processing failure");
        }
    }

    private static void abortQuietly(Association association) {
        try {
            association.abort();
        } catch (DicomNetworkException | RuntimeException e) {
            // the connection is closed by the listener anyway
        }
    }

    /** The peer sent something this SCP does not serve: the association is aborted. */
    static final class ProtocolViolation extends Exception {
        private static final long serialVersionUID = 1L;

        ProtocolViolation(String message) {
            super(message);
        }
    }

    /**
     * Collects one request: the command's fragments, then, for a C-STORE, the data set's fragments
     * into a spool file. PixelMed calls {@link #sendPDataIndication} for each P-DATA-TF PDU and stops
     * waiting once {@link #isDone()}.
     */
    private final class Request extends CompositeResponseHandler {

        private final String callingAeTitle;
        private final ByteArrayOutputStream command = new ByteArrayOutputStream(256);
        private boolean haveCommand;
        private byte presentationContextId;
        private int commandField;
        private int messageId;
        private String affectedSopClassUid;
        private String affectedSopInstanceUid;
        private String transferSyntaxUid;
        private boolean sopClassNegotiated;
        private boolean hasDataSet;
        private Path file;
        private OutputStream out;
        private IOException spoolFailure;

        Request(String callingAeTitle) {
            this.callingAeTitle = callingAeTitle;
        }

        @Override
        public void sendPDataIndication(PDataPDU pdata, Association association)
                throws DicomNetworkException, DicomException, IOException {
            for (Object o : pdata.getPDVList()) {
                PresentationDataValue pdv = (PresentationDataValue) o;
                if (pdv.isCommand()) {
                    command(pdv, association);
                } else {
                    data(pdv);
                }
            }
        }

        private void command(PresentationDataValue pdv, Association association)
                throws DicomNetworkException, DicomException, IOException {
            if (haveCommand) {
                throw new DicomNetworkException("command fragment after a complete command");
            }
            if (command.size() == 0) {
                presentationContextId = pdv.getPresentationContextID();
            } else if (pdv.getPresentationContextID() != presentationContextId) {
                throw new DicomNetworkException("command fragments on different presentation contexts");
            }
            command.writeBytes(pdv.getValue());
            if (!pdv.isLastFragment()) {
                return;
            }
            haveCommand = true;
            AttributeList list = CompositeResponseHandler.getAttributeListFromCommandOrData(command.toByteArray(),
                    TransferSyntax.ImplicitVRLittleEndian);
            commandField = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.CommandField, -1);
            messageId = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.MessageID, 0);
            affectedSopClassUid = uid(list, TagFromName.AffectedSOPClassUID);
            affectedSopInstanceUid = uid(list, TagFromName.AffectedSOPInstanceUID);
            transferSyntaxUid = association.getTransferSyntaxForPresentationContextID(presentationContextId);
            sopClassNegotiated = isNegotiated(association, affectedSopClassUid);
            int dataSetType = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.CommandDataSetType,
                    CommandSet.NO_DATA_SET);
            hasDataSet = dataSetType != CommandSet.NO_DATA_SET;
            if (!hasDataSet) {
                setDone(true);
            } else if (commandField == CommandSet.C_STORE_RQ) {
                openSpool();
            }
            // Another command with a data set: its data is read and ignored, then the association
            // is aborted (see respond).
        }

        private void data(PresentationDataValue pdv) throws DicomNetworkException {
            if (!haveCommand) {
                throw new DicomNetworkException("data set fragment before its command");
            }
            if (pdv.getPresentationContextID() != presentationContextId) {
                throw new DicomNetworkException("data set on another presentation context than its command");
            }
            if (out != null) {
                try {
                    out.write(pdv.getValue());
                } catch (IOException e) {
                    spoolFailed(e);
                }
            }
            if (pdv.isLastFragment()) {
                closeSpool();
                setDone(true);
            }
        }

        private void openSpool() {
            if (services.spoolDirectory() == null || affectedSopClassUid == null || affectedSopInstanceUid == null) {
                return; // nothing to store it as; answered with a failure
            }
            try {
                Files.createDirectories(services.spoolDirectory());
                file = Files.createTempFile(services.spoolDirectory(), "c-store-", ".dcm");
                out = new BufferedOutputStream(Files.newOutputStream(file), SPOOL_BUFFER);
                DicomOutputStream meta = new DicomOutputStream(out, TransferSyntax.ExplicitVRLittleEndian, null);
                new FileMetaInformation(affectedSopClassUid, affectedSopInstanceUid, transferSyntaxUid, callingAeTitle)
                        .getAttributeList().write(meta);
                meta.flush();
            } catch (IOException e) {
                spoolFailed(e);
            } catch (DicomException e) {
                spoolFailed(new IOException("file meta information: " + e.getMessage(), e));
            }
        }

        private void closeSpool() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    spoolFailure = e;
                } finally {
                    out = null;
                }
            }
        }

        private void spoolFailed(IOException e) {
            spoolFailure = e;
            closeSpool();
        }

        /** Closes and removes the spool file. */
        void cleanUp() {
            closeSpool();
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warnf("Could not remove spool file %s: %s", file, e.toString());
                }
                file = null;
            }
        }

        /** Whether an accepted presentation context has {@code sopClassUid} as its abstract syntax. */
        private static boolean isNegotiated(Association association, String sopClassUid) {
            if (sopClassUid == null) {
                return false;
            }
            try {
                association.getSuitablePresentationContextID(sopClassUid);
                return true;
            } catch (DicomNetworkException e) {
                return false;
            }
        }

        @Override
        protected void evaluateStatusAndSetSuccess(AttributeList list) {
            // not a response handler: requests are evaluated in DimseAssociation
        }

        private static String uid(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
            String v = Attribute.getSingleStringValueOrNull(list, tag);
            if (v == null) {
                return null;
            }
            v = v.replace("\0", "").strip();
            return v.isEmpty() ? null : v;
        }
    }
}
