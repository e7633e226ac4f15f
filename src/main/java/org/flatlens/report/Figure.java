package org.flatlens.report;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;

/**
 * A figure: a painter that draws it on any {@link Graphics2D} of the given size, so the same drawing becomes inline
 * SVG (JFreeSVG) for the HTML report and PNG for files.
 *
 * @param id      a page-unique id (also the prefix of the SVG's clip-path ids, so several SVGs can share a page)
 * @param caption one sentence saying what is shown
 */
public record Figure(String id, String title, String caption, int width, int height, Consumer<Graphics2D> painter) {
    /** The figure as an {@code <svg>} element. */
    public String svg() {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(id + "-");
        painter.accept(g);
        return g.getSVGElement(id);
    }

    /** The figure as PNG bytes, white background. */
    public byte[] png() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
        painter.accept(g);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
