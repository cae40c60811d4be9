package org.irisimaging.studyindex;

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
class StudyIndexBaselineTest extends ServiceBaselineContract {

    StudyIndexBaselineTest() {
        super("/api/audit/sign-ins", "platform-admin");
    }
}
