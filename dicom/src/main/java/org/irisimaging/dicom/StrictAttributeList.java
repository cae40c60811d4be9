package org.irisimaging.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;

/**
 * An AttributeList that watches PixelMed read it, to refuse truncated input PixelMed would accept:
 * <ul>
 * <li>a top-level value length running past the end of the input is refused before PixelMed tries
 *     to read the value (PixelMed would log the failure, skip the attribute and carry on). Sequence
 *     items are separate lists PixelMed creates itself: {@link ElementLengths} checks their lengths
 *     before PixelMed reads, and a value cut short in them shows up as {@link StrictInput#overrun()};</li>
 * <li>the input position after each complete top-level element is noted, so that data left over
 *     after the last one (a partial element header, or a sequence cut between two of its elements,
 *     whose end PixelMed takes for the end of the data set) can be detected afterwards.</li>
 * </ul>
 */
final class StrictAttributeList extends AttributeList {

    private static final long serialVersionUID = 1L;
    private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;

    private final transient StrictInput input;
    private long endOfLastElement = -1;

    StrictAttributeList(StrictInput input) {
        this.input = input;
    }

    /** The input offset just after the last complete top-level element read, or -1 if none. */
    long endOfLastElement() {
        return endOfLastElement;
    }

    @Override
    public Attribute put(AttributeTag tag, Attribute attribute) {
        // PixelMed puts each top-level attribute into this list once it has read it completely.
        if (input != null) {
            endOfLastElement = input.position();
        }
        return super.put(tag, attribute);
    }

    @Override
    protected void checkSanityOfValueLength(long vl, byte[] vr, AttributeTag tag, boolean encapsulated)
            throws DicomException {
        super.checkSanityOfValueLength(vl, vr, tag, encapsulated);
        // Positions are those of the raw input, meaningless once PixelMed inflates a deflated data set.
        if (input != null && vl != UNDEFINED_LENGTH && vl > input.remaining() && !isDeflated(tag)) {
            throw new DicomException("truncated: element " + tag + " declares a value of " + vl
                    + " bytes at offset " + input.position() + " but only " + input.remaining()
                    + " bytes remain");
        }
    }

    private boolean isDeflated(AttributeTag tag) {
        if (tag.getGroup() == 0x0002) {
            return false;
        }
        String ts = Attribute.getSingleStringValueOrNull(this, TagFromName.TransferSyntaxUID);
        return TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.equals(ts == null ? null : ts.trim());
    }
}
