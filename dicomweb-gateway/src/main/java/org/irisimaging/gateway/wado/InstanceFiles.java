package org.irisimaging.gateway.wado;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import jakarta.enterprise.context.ApplicationScoped;
import org.irisimaging.dicom.DicomFile;
import org.irisimaging.dicom.TransferSyntaxes;
import org.irisimaging.dicom.InvalidDicomException;
import org.irisimaging.blob.BlobKey;
import org.irisimaging.blob.BlobStore;
import org.irisimaging.baseline.problem.ProblemException;
import org.irisimaging.gateway.index.StudyIndexReader.InstanceLocation;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.NoSuchFileException;

/**
 * Stored instances as bytes: the rendition when it is in the syntax asked for, else the original,
 * unchanged or rewritten in another uncompressed transfer syntax; or the original parsed.
 */
@ApplicationScoped
public class InstanceFiles {

    private static final String SOURCE_AE = "IRIS";

    private final BlobStore blobs;

    InstanceFiles(BlobStore blobs) {
        this.blobs = blobs;
    }

    /**
     * The instance ready to be written in {@code transferSyntaxUID}: when that needs its pixel data
     * decoded, decoded now, so that a failure comes before the first byte of its part. When it cannot
     * be decoded, it is written as stored if {@code storedIfNotDecodable} (the default retrieval),
     * else {@link Decoding.NotDecodableException} is thrown.
     */
    public Prepared prepare(InstanceLocation location, String transferSyntaxUID, boolean storedIfNotDecodable)
            throws IOException {
        boolean decoding = !location.hasRenditionIn(transferSyntaxUID)
                && !transferSyntaxUID.equals(location.servedTransferSyntaxUID())
                && !TransferSyntaxes.isNative(location.servedTransferSyntaxUID());
        if (!decoding) {
            return new Prepared(location, transferSyntaxUID, null);
        }
        try {
            return new Prepared(location, transferSyntaxUID, readDecompressed(location));
        } catch (Decoding.NotDecodableException e) {
            if (!storedIfNotDecodable) {
                throw e;
            }
            return new Prepared(location, location.servedTransferSyntaxUID(), null);
        }
    }

    /** An instance to write: its transfer syntax, and its data set when it was decoded ahead. */
    public final class Prepared {
        private final InstanceLocation location;
        private final String transferSyntaxUID;
        private final AttributeList decoded;

        private Prepared(InstanceLocation location, String transferSyntaxUID, AttributeList decoded) {
            this.location = location;
            this.transferSyntaxUID = transferSyntaxUID;
            this.decoded = decoded;
        }

        /** The transfer syntax it is written in (the part's {@code transfer-syntax}). */
        public String transferSyntaxUID() {
            return transferSyntaxUID;
        }

        /** Writes its Part 10 file to {@code out} (left open). */
        public void writeTo(OutputStream out) throws IOException {
            if (decoded == null) {
                write(location, transferSyntaxUID, out);
            } else {
                rewrite(decoded, transferSyntaxUID, out);
            }
        }
    }

    /** Writes the instance's Part 10 file in {@code transferSyntaxUID} to {@code out} (left open). */
    public void write(InstanceLocation location, String transferSyntaxUID, OutputStream out) throws IOException {
        try {
            writeServed(location, transferSyntaxUID, out);
        } catch (NoSuchFileException e) {
            writeServed(originalRemovedSince(location, e), transferSyntaxUID, out);
        }
    }

    /**
     * The location of an instance whose original was removed after it was looked up (its rendition,
     * verified, was the reason): nothing of that instance was written yet, its rendition is served.
     */
    private static InstanceLocation originalRemovedSince(InstanceLocation location, NoSuchFileException e)
            throws NoSuchFileException {
        if (location.servedFromRendition() || location.renditionBlobKey() == null) {
            throw e;
        }
        return location.withOriginalRemoved();
    }

    private void writeServed(InstanceLocation location, String transferSyntaxUID, OutputStream out) throws IOException {
        if (location.hasRenditionIn(transferSyntaxUID)) {
            // The stored rendition is a complete Part 10 file in that syntax (transcode-worker).
            writeStored(new BlobKey(location.renditionBlobKey()), out);
            return;
        }
        if (transferSyntaxUID.equals(location.servedTransferSyntaxUID())) {
            writeStored(new BlobKey(location.servedBlobKey()), out);
            return;
        }
        // Another syntax: uncompressed from uncompressed, or decoded from a compressed file.
        AttributeList list = TransferSyntaxes.isNative(location.servedTransferSyntaxUID())
                ? read(location).attributes() : readDecompressed(location);
        rewrite(list, transferSyntaxUID, out);
    }

    private static void rewrite(AttributeList list, String transferSyntaxUID, OutputStream out) throws IOException {
        try {
            list.removeMetaInformationHeaderAttributes();
            FileMetaInformation.addFileMetaInformation(list, transferSyntaxUID, SOURCE_AE);
            list.write(new KeepOpen(out), transferSyntaxUID, true, true);
        } catch (DicomException e) {
            throw new IOException("Cannot rewrite instance in " + transferSyntaxUID, e);
        }
    }

    /**
     * A stored file as it is: sent by a {@link ResponseStream} (by the kernel, or through direct
     * buffers), else copied in reads of up to {@value ResponseStream#CHUNK} bytes
     * ({@code transferTo}'s 16 KiB reads cost a system call for every 16 KiB of a whole study).
     */
    private void writeStored(BlobKey key, OutputStream out) throws IOException {
        ReadableByteChannel opened = blobs.openChannel(key);
        if (out instanceof ResponseStream response) {
            response.transfer(opened); // closes it once sent
            return;
        }
        try (ReadableByteChannel channel = opened) {
            InputStream in = Channels.newInputStream(channel);
            byte[] buffer = new byte[Math.clamp(in.available(), 8192, ResponseStream.CHUNK)];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        }
    }

    /** The parsed rendition (the instance must have one). */
    public DicomFile readRendition(InstanceLocation location) throws IOException {
        return read(new BlobKey(location.renditionBlobKey()), "rendition");
    }

    /** The parsed file served for the instance: the original, or its rendition once the original is removed. */
    public DicomFile read(InstanceLocation location) throws IOException {
        try {
            return readServed(location);
        } catch (NoSuchFileException e) {
            return readServed(originalRemovedSince(location, e));
        }
    }

    private DicomFile readServed(InstanceLocation location) throws IOException {
        return read(new BlobKey(location.servedBlobKey()), location.servedFromRendition() ? "rendition" : "original");
    }

    private DicomFile read(BlobKey key, String what) throws IOException {
        try (InputStream in = blobs.open(key)) {
            return DicomFile.read(in);
        } catch (InvalidDicomException e) {
            throw new IOException("Stored " + what + " is not readable DICOM: " + e.reason(), e);
        }
    }

    /**
     * The served file with its pixel data decoded to native samples (for rendering, uncompressed frames
     * and conversion), by the path {@link Decoding} says; the attributes that describe the encoding
     * (Photometric Interpretation of a YBR JPEG, Lossy Image Compression) are as the decoder leaves them.
     *
     * @throws Decoding.NotDecodableException when the pixel data cannot be decoded
     */
    public AttributeList readDecompressed(InstanceLocation location) throws IOException {
        try {
            return readDecompressedServed(location);
        } catch (NoSuchFileException e) {
            return readDecompressedServed(originalRemovedSince(location, e));
        }
    }

    /** {@link #readDecompressed}, or 406 (problem+json) when the pixel data cannot be decoded: before any byte. */
    public AttributeList readForRendering(InstanceLocation location) throws IOException {
        try {
            return readDecompressed(location);
        } catch (Decoding.NotDecodableException e) {
            throw new ProblemException(406, "not-renderable", "Not renderable", e.getMessage());
        }
    }

    private AttributeList readDecompressedServed(InstanceLocation location) throws IOException {
        String syntax = location.servedTransferSyntaxUID();
        if (!TransferSyntaxes.isNative(syntax) && !Decoding.byPixelMed(syntax)) {
            if (!Decoding.canDecode(syntax)) {
                throw new Decoding.NotDecodableException("Stored as " + syntax + ": no decoder for it here");
            }
            return Decoding.decode(read(new BlobKey(location.servedBlobKey()),
                    location.servedFromRendition() ? "rendition" : "original"));
        }
        try (InputStream in = new java.io.BufferedInputStream(blobs.open(new BlobKey(location.servedBlobKey())))) {
            AttributeList list = new AttributeList();
            list.read(new com.pixelmed.dicom.DicomInputStream(in));
            return list;
        } catch (DicomException | RuntimeException e) {
            // PixelMed decodes JPEG as it reads: a bitstream it cannot decode ends here
            throw new Decoding.NotDecodableException("Stored as " + syntax + ": pixel data not decodable here");
        }
    }

    /** PixelMed closes the stream it writes to; the multipart response must go on. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
