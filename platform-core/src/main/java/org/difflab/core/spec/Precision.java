package org.difflab.core.spec;

import ai.djl.ndarray.types.DataType;

/** Arithmetic precision of sampling (EDM samples in float64; networks usually run in float32). */
public enum Precision {
    FLOAT32(DataType.FLOAT32),
    FLOAT64(DataType.FLOAT64);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    /** The DJL data type. */
    public DataType dataType() {
        return dataType;
    }
}
