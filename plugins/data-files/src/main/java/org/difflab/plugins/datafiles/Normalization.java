package org.difflab.plugins.datafiles;

/** How array values are mapped before training; spelled {@code none}, {@code minus_one_to_one}, {@code standardize}. */
public enum Normalization {
    /** Values as stored, times {@code scale} plus {@code shift} if given. */
    NONE,
    /**
     * Affinely onto [-1, 1]: uint8 data from their full range [0, 255] (x/127.5 - 1, DDPM's image scaling); float
     * data from their observed [min, max].
     */
    MINUS_ONE_TO_ONE,
    /** (x - mean)/std over all values of the array (population standard deviation). */
    STANDARDIZE
}
