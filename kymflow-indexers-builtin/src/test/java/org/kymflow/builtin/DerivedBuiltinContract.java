package org.kymflow.builtin;

import java.util.Optional;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.testing.IndexerContract;

/** The contract for the built-ins that read radon's rows: what their samples share. */
abstract class DerivedBuiltinContract extends IndexerContract {
    @Override
    protected Optional<ImageRecordView> zeroRowImage() {
        return Optional.of(DerivedContractSamples.withoutWindows());
    }

    @Override
    protected ImageRecordView withOtherRois(ImageRecordView image) {
        return ContractSamples.withOtherRois(image); // unused: a derived indexer's hash does not follow ROIs
    }
}
