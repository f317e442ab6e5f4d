package org.example.kymflow;

import java.util.List;
import java.util.Optional;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.testing.IndexerContract;
import org.kymflow.api.testing.TestingRecordView;

/** The plugin's derived indexer keeps the contract too, fed the rows its input really gives. */
class TestProfilePeakContract extends IndexerContract {
    private static ImageRecordView withProfile(ImageRecordView image) {
        ProfileProvider profile = new ProfileProvider();
        return ((TestingRecordView) image).withInputRows(ProfileProvider.NAME,
                profile.create(profile.defaultParams()).extractRows(image));
    }

    @Override
    protected IndexerProvider provider() {
        return new ProfilePeakIndexer();
    }

    @Override
    protected List<ImageRecordView> images() {
        return new TestProfileContract().images().stream().map(TestProfilePeakContract::withProfile).toList();
    }

    @Override
    protected Optional<ImageRecordView> zeroRowImage() {
        return new TestProfileContract().zeroRowImage().map(TestProfilePeakContract::withProfile); // profile found nothing
    }

    @Override
    protected ImageRecordView withOtherRois(ImageRecordView image) {
        return image; // unused: a derived indexer's hash does not follow ROIs
    }
}
