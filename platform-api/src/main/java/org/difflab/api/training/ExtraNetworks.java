package org.difflab.api.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.difflab.api.model.BlockNetwork;

/**
 * The extra networks of a training run ({@link TrainingContext#extraNetwork}): named copies of the trained network,
 * built from its architecture and initialised to its current weights, one per name. The platform's training loop
 * and the contract suite's reference context both keep theirs here, so the rules for names are the same in both.
 */
public final class ExtraNetworks implements AutoCloseable {

    private final Map<String, BlockNetwork> byName = new LinkedHashMap<>();

    /**
     * Creates the extra network {@code name}: {@code fresh} (a new network of the trained one's architecture) with
     * {@code trained}'s weights copied in.
     *
     * @throws IllegalArgumentException if the name is not lower case, digits and '_'
     * @throws IllegalStateException if an extra network of that name exists already
     */
    public BlockNetwork create(String name, BlockNetwork trained, Supplier<BlockNetwork> fresh) {
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("extra network names are lower case, digits and '_', got '" + name
                    + "'");
        }
        if (byName.containsKey(name)) {
            throw new IllegalStateException("extra network '" + name + "' was already created");
        }
        BlockNetwork copy = fresh.get();
        copy.copyWeightsFrom(trained);
        byName.put(name, copy);
        return copy;
    }

    /** The extra networks created so far, by name, in the order of creation. */
    public Map<String, BlockNetwork> byName() {
        return Collections.unmodifiableMap(byName);
    }

    /** Closes every extra network. */
    @Override
    public void close() {
        byName.values().forEach(BlockNetwork::close);
        byName.clear();
    }
}
