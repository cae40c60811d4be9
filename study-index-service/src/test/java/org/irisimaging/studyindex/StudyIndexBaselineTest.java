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

    @Override
    protected String protectedPath() {
        return "/api/audit/sign-ins";
    }

    @Override
    protected String[] allowedRoles() {
        return new String[] {"platform-admin"};
    }
}
