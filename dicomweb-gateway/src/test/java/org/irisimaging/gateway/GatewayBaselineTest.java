package org.irisimaging.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.ServiceBaselineContract;
import org.irisimaging.testsupport.TestTokenIssuerResource;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class GatewayBaselineTest extends ServiceBaselineContract {

    GatewayBaselineTest() {
        super("/api/dimse", "site-admin");
    }
}
