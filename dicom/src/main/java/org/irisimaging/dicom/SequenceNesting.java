package org.irisimaging.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import java.util.Iterator;

/**
 * A bound on how deep sequences may nest in an accepted object. PixelMed reads (and every later
 * consumer walks: DICOM JSON, the index's JSON parser) nested sequences by recursion, so a data set
 * nested a few thousand levels deep exhausts a thread's stack; real objects (structured report
 * content trees included) stay far below {@value #MAX_DEPTH} levels, which also keeps their DICOM
 * JSON well under the usual JSON nesting limits (Jackson: 1,000).
 */
final class SequenceNesting {

    /** Deepest sequence nesting accepted: a top-level sequence is level 1. */
    static final int MAX_DEPTH = 64;

    /** The reason given when an object nests deeper (no attribute value in it). */
    static final String TOO_DEEP = "sequences nested deeper than " + MAX_DEPTH + " levels";

    private SequenceNesting() {
    }

    /** Whether a sequence in {@code list} nests deeper than {@link #MAX_DEPTH}. */
    static boolean tooDeep(AttributeList list) {
        return tooDeep(list, 1);
    }

    /** Recursion bounded by {@link #MAX_DEPTH}: it stops one level below the limit. */
    private static boolean tooDeep(AttributeList list, int depth) {
        for (Attribute a : list.values()) {
            if (a instanceof SequenceAttribute sequence) {
                if (depth > MAX_DEPTH) {
                    return true;
                }
                for (Iterator<SequenceItem> items = sequence.iterator(); items.hasNext(); ) {
                    AttributeList item = items.next().getAttributeList();
                    if (item != null && tooDeep(item, depth + 1)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
