package io.connvo.meetings.standalone;

import java.util.List;

/** {@link KillAfterAcknowledgement} on the default store: the H2 file under the data directory. */
class H2KillAfterAcknowledgementIT extends KillAfterAcknowledgement {

    @Override
    List<String> storeArgs() {
        return List.of();
    }

    @Override
    String storeName() {
        return "h2";
    }
}
