package org.concord.response;

import org.concord.node.NodeConfig;

class SqliteResponseServiceTest extends ResponseServiceContract {
    @Override
    NodeConfig.StoreSettings store() {
        return new NodeConfig.StoreSettings.Embedded("concord.db");
    }
}
