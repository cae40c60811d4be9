package org.irisimaging.dicom.lossy;

import org.w3c.dom.NodeList;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * Baseline JPEG (ITU T.81 process 1: 8-bit, DCT, Huffman) through the JDK's ImageIO JPEG writer.
 * Grayscale is one component. Colour is given as RGB; the writer converts it to YCbCr (JFIF) and
 * here subsamples the chrominance horizontally only (Y sampled 2x1), which is what DICOM calls
 * YBR_FULL_422 (PS3.5 8.2.1) — the writer's own default, 2x2, would be 4:2:0. Huffman tables are
 * optimised per frame (still baseline: two tables of each class at most).
 */
final class BaselineJpegEncoder {

    private static final String NATIVE_FORMAT = "javax_imageio_jpeg_image_1.0";
    private static final String JDK_WRITER_PACKAGE = "com.sun.imageio.plugins.jpeg";

    private final float quality;

    /** {@code quality} 1..100, the IJG scale (ImageIO's 0..1 times 100). */
    BaselineJpegEncoder(int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1..100: " + quality);
        }
        this.quality = quality / 100f;
    }

    /** One grayscale frame, {@code rows * columns} samples. */
    byte[] encodeGray(byte[] samples, int rows, int columns) {
        BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(samples, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, rows * columns);
        return write(image, false);
    }

    /** One colour frame, R G B interleaved. */
    byte[] encodeRgb(byte[] rgb, int rows, int columns) {
        BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rows * columns * 3; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return write(image, true);
    }

    private byte[] write(BufferedImage image, boolean colour) {
        ImageWriter writer = writer();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            if (param instanceof JPEGImageWriteParam jpeg) {
                jpeg.setOptimizeHuffmanTables(true);
            }
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            if (colour) {
                subsampleHorizontally(metadata);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 4 + 1024);
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, metadata), param);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("baseline JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
    }

    /** Y sampled 2x1, Cb and Cr 1x1: chrominance halved horizontally only. */
    private static void subsampleHorizontally(IIOMetadata metadata) throws IIOInvalidTreeException {
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(NATIVE_FORMAT);
        NodeList components = root.getElementsByTagName("componentSpec");
        for (int i = 0; i < components.getLength(); i++) {
            IIOMetadataNode component = (IIOMetadataNode) components.item(i);
            component.setAttribute("HsamplingFactor", i == 0 ? "2" : "1");
            component.setAttribute("VsamplingFactor", "1");
        }
        metadata.setFromTree(NATIVE_FORMAT, root);
    }

    /** The JDK's writer; another registered JPEG writer would not be the codec documented. */
    private static ImageWriter writer() {
        ImageWriter any = null;
        for (Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg"); writers.hasNext(); ) {
            ImageWriter writer = writers.next();
            if (writer.getClass().getName().startsWith(JDK_WRITER_PACKAGE)) {
                return writer;
            }
            any = any == null ? writer : any;
        }
        if (any == null) {
            throw new IllegalStateException("no ImageIO JPEG writer in this JDK");
        }
        return any;
    }
}
