package org.captchaws.image;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GifEncoderTest {

    @Test
    void framesComeBackInOrderWithTheirDelayAndTheAnimationLoops() throws Exception {
        List<BufferedImage> frames = new ArrayList<>();
        Color[] colours = {Color.RED, Color.GREEN, Color.BLUE};
        for (Color colour : colours) {
            BufferedImage frame = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = frame.createGraphics();
            g.setColor(colour);
            g.fillRect(0, 0, 40, 20);
            g.dispose();
            frames.add(frame);
        }

        byte[] gif = GifEncoder.encode(frames, 300);

        assertEquals("GIF89a", new String(gif, 0, 6, java.nio.charset.StandardCharsets.US_ASCII));
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(3, reader.getNumImages(true));
            for (int i = 0; i < colours.length; i++) {
                BufferedImage frame = reader.read(i);
                assertEquals(40, frame.getWidth());
                assertEquals(colours[i].getRGB(), frame.getRGB(20, 10), "frame " + i);
                IIOMetadataNode tree = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                assertEquals("30", find(tree, "GraphicControlExtension").getAttributes().getNamedItem("delayTime").getNodeValue());
            }
            IIOMetadataNode first = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            Node loop = find(first, "ApplicationExtension");
            assertEquals("NETSCAPE", loop.getAttributes().getNamedItem("applicationID").getNodeValue());
            byte[] loops = (byte[]) ((IIOMetadataNode) loop).getUserObject();
            assertTrue(loops[0] == 1 && loops[1] == 0 && loops[2] == 0, "loops for ever");
        }
    }

    /** A GIF ends with its trailer byte (GIF89a, section 27); a reader may otherwise take it as cut short. */
    @Test
    void theGifEndsWithItsTrailer() {
        byte[] gif = GifEncoder.encode(List.of(new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB)), 100);

        assertEquals(0x3B, gif[gif.length - 1]);
    }

    private static Node find(Node node, String name) {
        if (node.getNodeName().equals(name)) {
            return node;
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            Node found = find(child, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
