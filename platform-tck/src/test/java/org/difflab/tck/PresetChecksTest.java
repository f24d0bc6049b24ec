package org.difflab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.difflab.tck.Outcomes.assertFailed;
import static org.difflab.tck.Outcomes.assertPassed;
import static org.difflab.tck.Outcomes.run;

import org.difflab.api.Preset;
import org.difflab.tck.junit.PresetContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PresetChecksTest {

    /** EDM's VP column (Karras et al. 2022, Table 1) as a fragment: flow values, a nested block, comments. */
    static final String EDM_VP = """
            # EDM Table 1, column "VP"
            process: {type: vp, beta_d: 19.9, beta_min: 0.1}   # "# not a comment" stays in quotes below
            parameterization: {type: eps}
            preconditioner: {type: vp}
            sampling:
              solver: {type: euler}
              schedule:
                type: vp
                steps: 18
            note: "a # inside quotes, and a } too"
            description: |
              a block scalar: {unbalanced [ text is fine here
              - so are list-like lines
            """;

    static Outcome check(String fragment) {
        Preset preset = () -> fragment;
        return run(PresetChecks.of(preset), "preset.fragment");
    }

    @Test
    void aBlockMappingOfSpecKeysPassesAndNamesItsKeys() {
        Outcome outcome = check(EDM_VP);
        assertPassed(outcome);
        assertThat(outcome.message()).isEqualTo("a mapping setting process, parameterization, preconditioner, sampling,"
                + " note, description");
    }

    @Test
    void structuralProblemsFailNamingTheLine() {
        assertFailed(check("  "), "the fragment is empty");
        assertFailed(check("# only a comment\n"), "the fragment has only comments");
        assertFailed(check("- process: {type: vp}\n"), "line 1: a list item at the top level");
        assertFailed(check("process: {type: vp}\nprocess: {type: ve}\n"),
                "line 2: key 'process' is given twice (first on line 1)");
        assertFailed(check("process:\n\ttype: vp\n"), "line 2: a tab in the indentation");
        assertFailed(check("process: {type: vp\nsampling: {solver: euler}\n"), "line 1: '{' is not closed before the"
                + " next entry");
        assertFailed(check("process: {type: vp}}\n"), "line 1: '}' closes nothing that is open");
        assertFailed(check("sampling: [1, 2\n"), "'[' is not closed at the end of the fragment");
        assertFailed(check("  process: {type: vp}\n"), "line 1: the first entry is indented");
        assertFailed(check("Process: {type: vp}\n"), "line 1: key 'Process' is not a spec key");
        assertFailed(check("vp\n"), "line 1: 'vp' is not a 'key: value' entry");
        assertFailed(check("note: \"unclosed\n"), "line 1: the quote \" opened at column 1 of the value is not closed");
        assertFailed(check("{process: {type: vp}}\n"), "line 1: the fragment is one flow mapping");
    }

    @Test
    void aFragmentThatChangesBetweenCallsFails() {
        int[] calls = {0};
        Preset changing = () -> "seed: " + calls[0]++;
        assertFailed(run(PresetChecks.of(changing), "preset.fragment"), "returns different text on a second call");
    }

    /** The mix-in, as a plugin author uses it. */
    @Nested
    class MixIn implements PresetContract {
        @Override
        public Preset createPreset() {
            return () -> EDM_VP;
        }
    }
}
