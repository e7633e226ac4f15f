package org.flatlens.nn;

import static org.flatlens.nn.ModelTestSupport.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

class VitTest {
    private static final Map<String, Object> SMALL = Map.of("dim", 16, "depth", 2, "heads", 2);

    /** timm's VisionTransformer state-dict keys for depth 2. */
    static List<String> timmKeys(int depth) {
        List<String> k = new ArrayList<>(List.of("cls_token", "pos_embed", "patch_embed.proj.weight",
                "patch_embed.proj.bias"));
        for (int i = 0; i < depth; i++) {
            for (String p : List.of("norm1", "attn.qkv", "attn.proj", "norm2", "mlp.fc1", "mlp.fc2")) {
                k.add("blocks." + i + "." + p + ".weight");
                k.add("blocks." + i + "." + p + ".bias");
            }
        }
        k.addAll(List.of("norm.weight", "norm.bias", "head.weight", "head.bias"));
        return k;
    }

    @Test
    void namesOrderAndShapesFollowTimm() {
        Model m = Models.build(spec("vit", SMALL, 1, 28, 28, 10));
        Map<String, Shape> s = m.parameterShapes();
        assertEquals(timmKeys(2), List.copyOf(s.keySet()));
        assertEquals(Shape.of(1, 1, 16), s.get("cls_token"));
        assertEquals(Shape.of(1, 17, 16), s.get("pos_embed"));
        assertEquals(Shape.of(16, 1, 7, 7), s.get("patch_embed.proj.weight"));
        assertEquals(Shape.of(48, 16), s.get("blocks.1.attn.qkv.weight"));
        assertEquals(Shape.of(48), s.get("blocks.1.attn.qkv.bias"));
        assertEquals(Shape.of(16, 16), s.get("blocks.0.attn.proj.weight"));
        assertEquals(Shape.of(32, 16), s.get("blocks.0.mlp.fc1.weight"));
        assertEquals(Shape.of(16, 32), s.get("blocks.0.mlp.fc2.weight"));
        assertEquals(Shape.of(16), s.get("blocks.0.norm2.weight"));
        assertEquals(Shape.of(10, 16), s.get("head.weight"));
    }

    @Test
    void defaultsFor28x28() {
        Map<String, Shape> s = Models.build(spec("vit", Map.of(), 1, 28, 28, 2)).parameterShapes();
        assertEquals(timmKeys(4), List.copyOf(s.keySet()));
        assertEquals(Shape.of(64, 1, 7, 7), s.get("patch_embed.proj.weight"));
        assertEquals(Shape.of(128, 64), s.get("blocks.3.mlp.fc1.weight"));
        Map<String, Shape> t = Models.build(spec("vit", Map.of("patch", 4, "mlp_ratio", 1.5), 3, 32, 32, 2))
                .parameterShapes();
        assertEquals(Shape.of(1, 65, 64), t.get("pos_embed"));
        assertEquals(Shape.of(96, 64), t.get("blocks.0.mlp.fc1.weight"));
    }

    @Test
    void initialisationFollowsTimm() {
        Parameters p = Models.build(spec("vit", SMALL, 1, 28, 28, 3)).init(new SplittableRandom(9));
        assertEquals(0.0, p.get("blocks.0.attn.qkv.bias").norm());
        assertEquals(0.0, p.get("head.bias").norm());
        assertEquals(4.0, p.get("norm.weight").norm(), 0.0);
        Tensor w = p.get("blocks.0.mlp.fc1.weight");
        double std = w.norm() / Math.sqrt(w.size());
        assertTrue(Math.abs(std - 0.02) < 0.003, "fc1 weight std " + std);
    }

    @Test
    void forwardShapeAndSitesInForwardOrder() {
        Model m = Models.build(spec("vit", Map.of("dim", 8, "depth", 2, "heads", 2), 1, 28, 28, 3));
        Parameters p = m.init(new SplittableRandom(3));
        assertEquals(Shape.of(2, 3), m.predict(p, Tensor.uniform(new SplittableRandom(4), 0, 1, 2, 1, 28, 28)).shape());
        List<Site> sites = ModelTestSupport.sites(m, 2);
        List<String> want = new ArrayList<>(List.of("patch_embed.proj"));
        for (int i = 0; i < 2; i++) {
            for (String l : List.of("attn.qkv", "attn.proj", "mlp.fc1", "mlp.fc2")) want.add("blocks." + i + "." + l);
        }
        want.add("head");
        assertEquals(want, sites.stream().map(Site::layer).toList());
        assertEquals(SiteKind.CONV, sites.get(0).kind());
        for (int i = 1; i < sites.size() - 1; i++) assertEquals(SiteKind.TOKEN, sites.get(i).kind());
        assertEquals(SiteKind.DENSE, sites.get(sites.size() - 1).kind());
        assertEquals(Shape.of(2, 17, 8), sites.get(1).input().shape());
        assertEquals(Shape.of(2, 17, 16), sites.get(4).input().shape());
        assertEquals(Shape.of(2, 8), sites.get(sites.size() - 1).input().shape());
    }

    @Test
    void badOptionsFailClearly() {
        var e = assertThrows(IllegalArgumentException.class, () -> Models.build(spec("vit", Map.of("width", 2), 1, 28,
                28, 2)));
        assertEquals("vit: unknown option 'width'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Models.build(spec("vit", Map.of("heads", 3), 1, 28, 28,
                2)));
        assertEquals("vit: heads 3 do not divide dim 64", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Models.build(spec("vit", Map.of("patch", 5), 1, 28, 28,
                2)));
        assertEquals("vit: patch 5 does not divide the input size 28x28", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Models.build(spec("vit", Map.of("depth", 1.5), 1, 28,
                28, 2)));
        assertEquals("vit: option 'depth' must be an integer, got 1.5", e.getMessage());
    }
}
