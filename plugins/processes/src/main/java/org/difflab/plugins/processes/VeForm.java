package org.difflab.plugins.processes;

/** How the noise level of a variance-exploding process grows with time. */
public enum VeForm {

    /**
     * Song et al. (2021, eq. 9 and App. B): sigma(t) = sigma_min (sigma_max/sigma_min)^t, t in [0, 1];
     * defaults sigma_min = 0.01, sigma_max = 50.
     */
    GEOMETRIC,

    /**
     * Karras et al. (2022), Table 1, VE column: sigma(t) = sqrt(t), t in [0, +infinity); defaults
     * sigma_min = 0.02, sigma_max = 100 bound the sampling range.
     */
    SQRT
}
