package org.flatlens.analysis.bounds;

import java.util.SplittableRandom;
import org.flatlens.analysis.compression.*;
import org.flatlens.nn.LossKind;
import org.flatlens.testutil.TestModels;
import org.junit.jupiter.api.Test;

class ScratchPrintTest {
    @Test
    void print() {
        for (TestModels.Case m : TestModels.all(3)) {
            for (LossKind loss : LossKind.values()) {
                CompressionReport r = CompressionAnalysis.run(m.model(), m.params(), m.inputs(6, 103), loss,
                        CompressionOptions.defaults().withChunkSize(4), new SplittableRandom(3));
                System.out.println("=== " + m + " " + loss + " trG=" + r.traceGgn());
                for (SiteMeasures s : r.sites()) System.out.println("  " + s.name() + " " + s.kind() + " mls=" + s.mls() + " logvol=" + s.logVolume().am() + " ld=" + s.localDim().am() + " q=" + s.volumeRank() + " rho=" + (s.rho()==null?"-":s.rho().am()) + " norms=" + s.weightNorms());
                for (BoundCheck c : Bounds.evaluate(r).checks()) System.out.printf("    %-32s %-18s %-9s ratio=%.6g lhs=%.4g rhs=%.4g%n", c.name(), c.site(), c.kind().key(), c.ratio(), c.lhs(), c.rhs());
            }
        }
    }
}
