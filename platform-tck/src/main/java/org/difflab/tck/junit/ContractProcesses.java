package org.difflab.tck.junit;

import java.util.List;
import org.difflab.tck.NamedProcess;
import org.difflab.tck.fixtures.ReferenceProcesses;

/** The processes a contract mix-in's checks run on (a model is loaded on, an objective trains on). */
public interface ContractProcesses {

    /**
     * By default the contract suite's EDM-like, VP-like and flow-like reference processes; override to add your own
     * (e.g. {@code List.of(..., new NamedProcess("mine", new MyProcess()))}).
     */
    default List<NamedProcess> processes() {
        return ReferenceProcesses.all();
    }
}
