package org.difflab.api;

/**
 * A named recipe a spec starts from ({@code preset: edm-vp}) and overrides: a fragment of a spec in YAML, such
 * as one column of EDM's Table 1 (process, preconditioner, parameterization, schedule, solver) or DDPM's or
 * rectified flow's choices. {@code difflab describe preset/ID} shows what it sets.
 *
 * <p>Contract: the fragment is a YAML mapping of spec keys that validates as part of a spec.
 */
public interface Preset extends Pluggable {

    /** The spec fragment, a YAML mapping ({@code process: {type: vp}\nsampling: {solver: euler}}). */
    String fragment();
}
