package org.irisimaging.gateway.wado;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.display.ConsumerFormatImageMaker;
import org.irisimaging.baseline.problem.ProblemException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Consumer-format images (PS3.18 §10.4.1.1.3 "rendered"): the frame windowed to 8 bits (the
 * requested window, else the data set's, else the pixel range), fitted into the viewport, encoded
 * as JPEG or PNG.
 */
final class Renderer {

    private Renderer() {
    }

    /** Rendering parameters; {@code null} fields mean "not requested". */
    record Parameters(String mediaType, Double windowCenter, Double windowWidth, Integer viewportWidth,
                      Integer viewportHeight, int quality) {
    }

    static byte[] render(AttributeList list, int frame, Parameters p) throws IOException {
        BufferedImage eight;
        try {
            if (p.windowCenter() != null) {
                DecimalStringAttribute center = new DecimalStringAttribute(TagFromName.WindowCenter);
                center.addValue(p.windowCenter());
                DecimalStringAttribute width = new DecimalStringAttribute(TagFromName.WindowWidth);
                width.addValue(p.windowWidth());
                ConsumerFormatImageMaker.replaceWindowWidthAndCenterInAttributeList(list, center, width);
            }
            eight = ConsumerFormatImageMaker.makeEightBitImage(list, frame - 1);
        } catch (DicomException | RuntimeException e) {
            throw new ProblemException(406, "not-renderable", "Not renderable",
                    "This instance cannot be rendered as an image");
        }
        if (eight == null) {
            throw new ProblemException(406, "not-renderable", "Not renderable", "This instance has no image");
        }
        BufferedImage fitted = fit(eight, p.viewportWidth(), p.viewportHeight());
        return encode(fitted, p.mediaType(), p.quality());
    }

    private static BufferedImage fit(BufferedImage image, Integer width, Integer height) {
        // Always redrawn into a plain gray or RGB image: what the JPEG and PNG writers take.
        double scale = width == null || height == null ? 1.0
                : Math.min((double) width / image.getWidth(), (double) height / image.getHeight());
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        int type = image.getColorModel().getNumComponents() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
        BufferedImage scaled = new BufferedImage(w, h, type);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return scaled;
    }

    private static byte[] encode(BufferedImage image, String mediaType, int quality) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (mediaType.equals("image/png")) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality / 100f);
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
