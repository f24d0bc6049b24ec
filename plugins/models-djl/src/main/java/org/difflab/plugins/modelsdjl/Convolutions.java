package org.difflab.plugins.modelsdjl;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/** The few convolutions the U-Net uses (NCHW layout). */
final class Convolutions {

    private Convolutions() {}

    /** 3x3, stride 1, padding 1: keeps the spatial size. */
    static Conv2d same3x3(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters)
                .build();
    }

    /** 3x3, stride 2, padding 1: halves an even spatial size (DDPM's downsampling). */
    static Conv2d halving3x3(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                .optStride(new Shape(2, 2)).setFilters(filters).build();
    }

    /** 1x1: a per-position linear map of the channels. */
    static Conv2d pointwise(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(filters).build();
    }
}
