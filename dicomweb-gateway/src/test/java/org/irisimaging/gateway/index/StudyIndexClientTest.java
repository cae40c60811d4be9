package org.irisimaging.gateway.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.concurrent.ThreadLocalRandom;
import org.irisimaging.gateway.index.RegisteredInstance.Outcome;
import org.irisimaging.gateway.index.RegistrationException.Kind;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registration client against the contract server: token from the token endpoint, body as the
 * contract says, answers mapped, retries only where they may help.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
@QuarkusTestResource(IngestTestResource.class)
class StudyIndexClientTest {

    @Inject
    StudyIndexClient client;

    ContractServerControl contract;

    @BeforeEach
    void reset() {
        contract = new ContractServerControl();
        contract.reset();
    }

    @Test
    void registersWithTheContractsBodyAndReadsTheOutcome() throws Exception {
        String sop = uid();
        String study = uid();
        String series = uid();
        int tokensBefore = contract.tokensIssued();

        RegisteredInstance created = client.register(registration(study, series, sop, "aa"));
        RegisteredInstance unchanged = client.register(registration(study, series, sop, "aa"));
        RegisteredInstance replaced = client.register(registration(study, series, sop, "bb"));

        assertThat(created).isEqualTo(new RegisteredInstance(study, series, sop, Outcome.CREATED));
        assertThat(unchanged.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(replaced.outcome()).isEqualTo(Outcome.REPLACED);
        assertThat(contract.tokensIssued() - tokensBefore).as("one token, reused until it expires").isLessThanOrEqualTo(1);
        var body = contract.requestsFor(sop).get(0).path("body");
        assertThat(body.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("source", "blob", "transferSyntaxUID", "dataset");
        assertThat(body.path("source").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("kind", "callingAeTitle", "remoteAddress", "clientId");
        assertThat(body.path("blob").fieldNames()).toIterable().containsExactlyInAnyOrder("key", "sizeBytes", "sha256");
        assertThat(body.path("blob").path("sizeBytes").isNumber()).isTrue();
        assertThat(body.path("dataset").path("0020000D").path("Value").get(0).asText()).isEqualTo(study);
    }

    @Test
    void aConflictIsFinal() throws Exception {
        String sop = uid();
        client.register(registration(uid(), uid(), sop, "aa"));

        RegistrationException e = catchThrowableOfType(RegistrationException.class,
                () -> client.register(registration(uid(), uid(), sop, "aa")));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.httpStatus()).isEqualTo(409);
        assertThat(e.getMessage()).isEqualTo("SOP Instance UID registered under another study or series");
        assertThat(contract.requestsFor(sop)).hasSize(2);
    }

    @Test
    void aSeriesUnderAnotherStudyIsAConflictToo() throws Exception {
        String series = uid();
        client.register(registration(uid(), series, uid(), "aa"));

        RegistrationException e = catchThrowableOfType(RegistrationException.class,
                () -> client.register(registration(uid(), series, uid(), "aa")));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).isEqualTo("Series Instance UID registered under another study");
    }

    @Test
    void invalidContentIsRejectedWithoutRetry() {
        InstanceRegistration noUids = new InstanceRegistration(
                new InstanceRegistration.Source("DIMSE", "STORESCU", "127.0.0.1", null),
                new InstanceRegistration.Blob("instances/1/2/3.dcm", 1, "aa"), "1.2.840.10008.1.2.1", "{}");

        RegistrationException e = catchThrowableOfType(RegistrationException.class, () -> client.register(noUids));

        assertThat(e.kind()).isEqualTo(Kind.REJECTED);
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(contract.requests()).hasSize(1);
    }

    @Test
    void serverErrorsAreRetriedThenUnavailable() {
        String sop = uid();
        contract.answer(sop, 502);

        RegistrationException e = catchThrowableOfType(RegistrationException.class,
                () -> client.register(registration(uid(), uid(), sop, "aa")));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("502").contains("after retries");
        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(contract.requestsFor(sop)).hasSize(4);
    }

    @Test
    void aRefusedTokenIsUnavailableWithoutRetry() {
        String sop = uid();
        contract.answer(sop, 403);

        RegistrationException e = catchThrowableOfType(RegistrationException.class,
                () -> client.register(registration(uid(), uid(), sop, "aa")));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.httpStatus()).isEqualTo(403);
        assertThat(contract.requestsFor(sop)).hasSize(1);
    }

    @Test
    void aFailingIndexIsNotCalledForAWhileThenTriedAgain() throws Exception {
        // 5 registrations of 4 failed attempts each: 20 failures, the breaker's volume, all failed
        for (int i = 0; i < 5; i++) {
            String sop = uid();
            contract.answer(sop, 503);
            catchThrowableOfType(RegistrationException.class, () -> client.register(registration(uid(), uid(), sop, "aa")));
        }
        int requestsWhileFailing = contract.requests().size();

        String healthy = uid();
        RegistrationException e = catchThrowableOfType(RegistrationException.class,
                () -> client.register(registration(uid(), uid(), healthy, "aa")));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("CircuitBreakerOpen");
        assertThat(contract.requests()).as("not called while the circuit is open").hasSize(requestsWhileFailing);

        // after the breaker's delay (1 s in tests), calls go through again
        Thread.sleep(1_200);
        assertThat(client.register(registration(uid(), uid(), healthy, "aa")).outcome()).isEqualTo(Outcome.CREATED);
        assertThat(client.register(registration(uid(), uid(), uid(), "aa")).outcome()).isEqualTo(Outcome.CREATED);
    }

    private static InstanceRegistration registration(String study, String series, String sop, String sha) {
        String dataset = "{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"" + study + "\"]},"
                + "\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"" + series + "\"]},"
                + "\"00080018\":{\"vr\":\"UI\",\"Value\":[\"" + sop + "\"]}}";
        return new InstanceRegistration(new InstanceRegistration.Source("DIMSE", "STORESCU", "127.0.0.1", null),
                new InstanceRegistration.Blob("instances/" + study + "/" + series + "/" + sop + ".dcm", 123, sha),
                "1.2.840.10008.1.2.1", dataset);
    }

    private static String uid() {
        return "2.25." + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    }
}
