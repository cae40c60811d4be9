package org.irisimaging.gateway.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.network.CStoreResponseCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import org.junit.jupiter.api.Test;

/** The C-STORE-RSP encoder, read back with PixelMed's decoder. */
class CommandSetTest {

    @Test
    void aFailureCarriesItsStatusUidsAndErrorComment() throws Exception {
        byte[] bytes = CommandSet.cStoreResponse("1.2.840.10008.5.1.4.1.1.2", "1.2.3.45", 7, 0xA900,
                "SOP Instance UID (0008,0018) differs from the request's Affected SOP Instance UID, really");
        AttributeList list = CompositeResponseHandler.getAttributeListFromCommandOrData(bytes,
                TransferSyntax.ImplicitVRLittleEndian);
        CStoreResponseCommandMessage response = new CStoreResponseCommandMessage(list);
        assertEquals(0xA900, response.getStatus());
        assertEquals(7, response.getMessageIDBeingRespondedTo());
        assertEquals(0x8001, response.getCommandField());
        assertEquals("1.2.840.10008.5.1.4.1.1.2", response.getAffectedSOPClassUID());
        assertEquals("1.2.3.45", response.getAffectedSOPInstanceUID());
        assertEquals(bytes.length - 12, response.getGroupLength());
        assertEquals(0x0101, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.CommandDataSetType, -1));
        assertEquals("SOP Instance UID (0008,0018) differs from the request's Affected",
                Attribute.getSingleStringValueOrNull(list, TagFromName.ErrorComment));
    }

    @Test
    void successHasNoErrorCommentAndCommentsAreLoSafe() throws Exception {
        byte[] bytes = CommandSet.cStoreResponse("1.2.3", "1.2.3.4", 1, 0x0000, "ignored");
        AttributeList list = CompositeResponseHandler.getAttributeListFromCommandOrData(bytes,
                TransferSyntax.ImplicitVRLittleEndian);
        assertEquals(0, new CStoreResponseCommandMessage(list).getStatus());
        assertNull(list.get(TagFromName.ErrorComment));
        assertEquals("a b   c", CommandSet.errorComment("a\\b\u00e9\t\nc"));
    }
}
