package org.irisimaging.dicom;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream of known length that tracks its position and notes when a reader asks for more
 * bytes than remain: PixelMed reads exactly what each element needs, so such a request means the
 * data ends inside an element, i.e. the object is truncated. (PixelMed itself logs that case and
 * returns what it could read, which is why this check exists.)
 */
final class StrictInput extends InputStream {

    private final InputStream in;
    private final long length;
    private long position;
    private long markPosition;
    private boolean overrun;
    private long overrunPosition = -1;
    private boolean overrunAtMark;
    private int readsAtEnd;
    private int readsAtEndAtMark;

    /**
     * @param in     the bytes; must support mark/reset if the reader uses them (buffered or array)
     * @param length the exact number of bytes {@code in} delivers
     */
    StrictInput(InputStream in, long length) {
        this.in = in;
        this.length = length;
    }

    long position() {
        return position;
    }

    long length() {
        return length;
    }

    long remaining() {
        return length - position;
    }

    /** Whether a read or skip asked for more bytes than remained (outside a mark that was reset). */
    boolean overrun() {
        return overrun;
    }

    long overrunPosition() {
        return overrunPosition;
    }

    /**
     * How many reads were attempted with no byte left. Reading a complete data set ends with exactly
     * one (PixelMed looking for the next tag); more means a reader met the end, swallowed it and went
     * on, e.g. encapsulated pixel data without its sequence delimiter.
     */
    int readsAtEnd() {
        return readsAtEnd;
    }

    private void noteRequest(long wanted) {
        if (wanted > remaining() && !overrun) {
            overrun = true;
            overrunPosition = position;
        }
    }

    @Override
    public int read() throws IOException {
        if (remaining() <= 0) {
            readsAtEnd++;
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining() <= 0) {
            readsAtEnd++; // a request exactly at the end: normally PixelMed looking for one more tag
            return -1;
        }
        noteRequest(len);
        int n = in.read(b, off, (int) Math.min(len, remaining()));
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        noteRequest(n);
        long skipped = in.skip(Math.min(n, remaining()));
        if (skipped > 0) {
            position += skipped;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, remaining()));
    }

    @Override
    public boolean markSupported() {
        return in.markSupported();
    }

    @Override
    public synchronized void mark(int readlimit) {
        in.mark(readlimit);
        markPosition = position;
        overrunAtMark = overrun;
        readsAtEndAtMark = readsAtEnd;
    }

    @Override
    public synchronized void reset() throws IOException {
        in.reset();
        position = markPosition;
        readsAtEnd = readsAtEndAtMark;
        if (!overrunAtMark) {
            // A look-ahead that went past the end and was rewound is not a truncation.
            overrun = false;
            overrunPosition = -1;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
