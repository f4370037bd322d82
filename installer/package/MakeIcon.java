// Draws the Fleetdeck icon: three agents stacked like a deck, each with a load bar.
// Run from the repository root: java installer/package/MakeIcon.java installer/package/fleetdeck.png
// The PNG is committed; rerun this only when the drawing changes.
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

public class MakeIcon {
  public static void main(String[] args) throws Exception {
    int s = 256;
    BufferedImage img = new BufferedImage(s, s, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);

    // Tile: a dark blue rounded square.
    g.setPaint(new GradientPaint(0, 0, new Color(0x1F3A5F), 0, s, new Color(0x0E1B2C)));
    g.fill(new RoundRectangle2D.Double(8, 8, s - 16, s - 16, 56, 56));

    // Three agents, back to front, each a rounded slab with status light and load bar.
    Color[] load = {new Color(0x3FB950), new Color(0xD29922), new Color(0x3FB950)};
    double[] fill = {0.45, 0.80, 0.60};
    for (int i = 0; i < 3; i++) {
      double x = 40, y = 58 + i * 52, w = s - 80, h = 40;
      g.setColor(new Color(0x2E4A6E));
      g.fill(new RoundRectangle2D.Double(x, y, w, h, 14, 14));
      g.setColor(new Color(0x6C8EBF));
      g.setStroke(new BasicStroke(3f));
      g.draw(new RoundRectangle2D.Double(x, y, w, h, 14, 14));
      // status light
      g.setColor(load[i]);
      g.fillOval((int) x + 14, (int) (y + h / 2) - 7, 14, 14);
      // load bar track and fill
      double bx = x + 42, bw = w - 58, by = y + h / 2 - 6;
      g.setColor(new Color(0x10233A));
      g.fill(new RoundRectangle2D.Double(bx, by, bw, 12, 12, 12));
      g.setColor(load[i]);
      g.fill(new RoundRectangle2D.Double(bx, by, bw * fill[i], 12, 12, 12));
    }
    g.dispose();
    File out = new File(args.length > 0 ? args[0] : "fleetdeck.png");
    ImageIO.write(img, "png", out);
    System.out.println("wrote " + out + " (" + s + "x" + s + ")");
  }
}
