package org.omnikernel.experiments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The plot is well-formed SVG with a line per activity, its entitlement dashed, axes and a legend. */
class SharePlotSvgTest {

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> byClass(Document d, String name, String cssClass) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", name);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (cssClass.equals(e.getAttribute("class"))) {
                found.add(e);
            }
        }
        return found;
    }

    @Test
    void eachActivityHasASolidLineThroughItsSamplesAndADashedEntitlement() throws Exception {
        E1Outcome outcome = Outcomes.threeSeconds();
        String svg = SharePlotSvg.render(E1Outcome.TITLE, outcome.subtitle(), outcome.entitlement(),
                outcome.summary().achievedPercent(), outcome.samples());
        Document d = parse(svg);

        assertEquals("svg", d.getDocumentElement().getLocalName());
        List<Element> achieved = byClass(d, "polyline", "achieved");
        List<Element> entitled = byClass(d, "line", "entitlement");
        assertEquals(3, achieved.size());
        assertEquals(3, entitled.size());
        double previousY = -1;
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of("a", "b", "c").get(i), achieved.get(i).getAttribute("data-activity"));
            assertEquals(3, achieved.get(i).getAttribute("points").trim().split(" ").length, "a point per sample");
            assertEquals(achieved.get(i).getAttribute("stroke"), entitled.get(i).getAttribute("stroke"),
                    "an activity's lines share a colour");
            assertTrue(!entitled.get(i).getAttribute("stroke-dasharray").isEmpty(), "the entitlement is dashed");
            double y = Double.parseDouble(entitled.get(i).getAttribute("y1"));
            assertTrue(y > previousY, "a larger entitlement is drawn higher (smaller y)");
            previousY = y;
        }
        // a's samples are 50, 51, 49 %: the middle point is highest, the last lowest
        String[] points = achieved.get(0).getAttribute("points").trim().split(" ");
        double y1 = Double.parseDouble(points[0].split(",")[1]);
        double y2 = Double.parseDouble(points[1].split(",")[1]);
        double y3 = Double.parseDouble(points[2].split(",")[1]);
        assertTrue(y2 < y1 && y1 < y3, svg);
        double entitledY = Double.parseDouble(entitled.get(0).getAttribute("y1"));
        assertEquals(entitledY, y1, 1e-6, "a's first sample is exactly at its 50 % entitlement");

        String text = d.getDocumentElement().getTextContent();
        assertTrue(text.contains("time (s)") && text.contains("CPU share (%)"), "axis labels: " + text);
        assertTrue(text.contains("Fig 5.1"), text);
        for (String legend : new String[] {"a: 50.00 %", "entitled 50.00 %", "entitled 33.33 %", "entitled 16.67 %"}) {
            assertTrue(text.contains(legend), "legend lacks " + legend + ": " + text);
        }
    }

    @Test
    void textIsEscaped() throws Exception {
        E1Outcome outcome = Outcomes.threeSeconds();
        String svg = SharePlotSvg.render("a < b & \"c\"", "x > y", outcome.entitlement(),
                outcome.summary().achievedPercent(), outcome.samples());
        assertTrue(parse(svg).getDocumentElement().getTextContent().contains("a < b & \"c\""));
    }

    @Test
    void timeTicksStayAtMostTen() {
        assertEquals(1, SharePlotSvg.tickStep(6));
        assertEquals(5, SharePlotSvg.tickStep(30));
        assertEquals(10, SharePlotSvg.tickStep(60));
        assertEquals(60, SharePlotSvg.tickStep(600));
    }
}
