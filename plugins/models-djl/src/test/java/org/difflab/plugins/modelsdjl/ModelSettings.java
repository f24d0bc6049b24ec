package org.difflab.plugins.modelsdjl;

import java.nio.file.Path;
import org.difflab.api.ComponentChoice;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Model;
import org.difflab.api.Parameterization;
import org.difflab.api.Preconditioner;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.model.LoadedModel;
import org.difflab.api.model.ModelSetting;
import org.difflab.api.model.SavedSpec;

/** A model setting of fixed components for this plugin's tests (no saved specs, no nested models). */
record ModelSettings(DataSource data, ForwardProcess process, Parameterization parameterization,
        Preconditioner preconditioner) implements ModelSetting {

    /** Targets with a reason to differ from x0: eps, v and the EDM-like skip/out pair of sigma_data 0.5. */
    static final Parameterization EPS = p -> LinearTarget.EPS;
    static final Parameterization V = p -> new LinearTarget(-p.sigma(), p.alpha());
    static final Parameterization SKIP_OUT = p -> {
        double level = p.noiseLevel();
        double cSkip = 0.25 / (level * level + 0.25);
        double cOut = level * 0.5 / Math.sqrt(level * level + 0.25);
        // F = (x0 - c_skip x~)/c_out with x~ = x0 + level eps
        return new LinearTarget((1 - cSkip) / cOut, -cSkip * level / cOut);
    };
    static final Preconditioner IDENTITY = new Preconditioner() {
        public double inputScale(org.difflab.api.math.PathPoint p) {
            return 1;
        }

        public double noiseInput(org.difflab.api.math.PathPoint p) {
            return p.t();
        }
    };

    @Override
    public long seed() {
        return 0;
    }

    @Override
    public SavedSpec readSpec(Path file) {
        throw new UnsupportedOperationException("no saved specs in these tests");
    }

    @Override
    public LoadedModel load(ComponentChoice<? extends Model> model) {
        return model.create().load(this);
    }
}
