package org.irisimaging.studyindex.mypatients;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.irisimaging.studyindex.access.Caller;
import org.irisimaging.studyindex.access.Prescribers;
import org.irisimaging.studyindex.access.Roles;
import org.irisimaging.studyindex.access.StudyAccess;
import org.irisimaging.studyindex.attributes.PersonNames;
import org.irisimaging.studyindex.jdbc.JdbcParameters;
import org.irisimaging.studyindex.jdbc.SqlQuery;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.irisimaging.testsupport.TestTokens;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * My patients with thousands of rows: one prescriber with 3,000 patients of 2 studies each (and
 * 24,000 studies of other prescribers around them), seeded straight into the tables in the shape
 * registration gives them, then removed. The answers are checked against what the seed implies
 * (totals under each filter, every patient exactly once across the pages, the order); the plans of
 * the statements and the time of each request are printed, never asserted (docs/qido.md).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class MyPatientsScaleTest {

    private static final Logger LOG = Logger.getLogger(MyPatientsScaleTest.class);
    private static final int PATIENTS = 3_000;
    private static final int OTHER_STUDIES = 24_000;
    private static final List<String> FAMILY = List.of("Dupont", "Martin", "Bernard", "Thomas", "Petit", "Robert",
            "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David",
            "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupuis", "Lambert", "Fontaine", "Rousseau", "Vincent",
            "Müller", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François",
            "Legrand", "Gauthier", "Écuyer");
    private static final List<String> GIVEN = List.of("Jean", "Marie", "Pierre", "Anne", "Michel", "Isabelle",
            "Philippe", "Catherine", "Alain", "Sylvie", "Nicolas", "Nathalie", "Éric", "Christine", "Laurent",
            "Sophie", "Frédéric", "Valérie", "Stéphane", "Sandrine", "Olivier", "Céline", "Julien", "Hélène",
            "Thierry", "Chloé", "Sébastien", "Léa", "Jérôme", "Zoé", "Patrick", "Emma", "Christophe", "Inès");

    @Inject
    DataSource dataSource;
    @Inject
    StudyAccess access;

    private final String mark = "MPS" + Integer.toString(new Random().nextInt(1 << 20), 36).toUpperCase();
    private final String doctor = "8" + (70_000_000_000L + new Random().nextInt(1_000_000));
    private final String subject = "scale-" + mark;

    /** Patient {@code p}'s seeded studies: the first, and the second 30 days later. */
    private record Seeded(int patient, String name, LocalDate birthDate, String modality1, LocalDate date1,
                          String modality2, LocalDate date2) {
        boolean has(String modality, LocalDate from, LocalDate to) {
            return (modality1.equals(modality) && within(date1, from, to))
                    || (modality2.equals(modality) && within(date2, from, to));
        }

        private static boolean within(LocalDate d, LocalDate from, LocalDate to) {
            return (from == null || !d.isBefore(from)) && (to == null || !d.isAfter(to));
        }
    }

    @Test
    void thousandsOfPatientsArePagedSortedAndFilteredRight() throws Exception {
        List<Seeded> seeded = new ArrayList<>();
        for (int p = 0; p < PATIENTS; p++) {
            LocalDate first = LocalDate.of(2015, 1, 1).plusDays((p * 7L) % 3650);
            seeded.add(new Seeded(p, FAMILY.get(p % FAMILY.size()) + "^" + GIVEN.get((p / FAMILY.size()) % GIVEN.size()),
                    LocalDate.of(1940, 1, 1).plusDays(p * 5L), p % 2 == 0 ? "CT" : "MR", first,
                    p % 3 == 0 ? "US" : "CR", first.plusDays(30)));
        }
        try {
            long start = System.nanoTime();
            seed(seeded);
            LOG.infof("Seeded %d patients x 2 studies (+ %d of other prescribers) in %d ms", PATIENTS, OTHER_STUDIES,
                    (System.nanoTime() - start) / 1_000_000);
            String token = TestTokens.issue(subject, Map.of("idnat_ps", doctor), "practitioner");
            explainAll();

            // the whole list, by name, in pages of 500: every patient once, in name order
            List<Long> patients = new ArrayList<>();
            List<String> initials = new ArrayList<>();
            for (int offset = 0; offset < PATIENTS; offset += 500) {
                JsonPath page = timed(token, "?sort=patientName&limit=500&offset=" + offset);
                assertThat(page.getLong("total")).isEqualTo(PATIENTS);
                for (Map<String, Object> row : page.<Map<String, Object>>getList("patients")) {
                    patients.add(((Number) row.get("patient")).longValue());
                    initials.add(PersonNames.withoutAccents((String) row.get("patientName")).substring(0, 1)
                            .toUpperCase(Locale.ROOT));
                    assertThat(row.get("studies")).isEqualTo(2);
                }
            }
            assertThat(patients).hasSize(PATIENTS).doesNotHaveDuplicates();
            assertThat(initials).isSorted();

            // latest study first (the default): each row is the patient's second study
            JsonPath latest = timed(token, "?limit=50");
            LocalDate newest = seeded.stream().map(Seeded::date2).max(LocalDate::compareTo).orElseThrow();
            assertThat(latest.getString("patients[0].latestStudyDate")).isEqualTo(newest.toString());
            List<String> dates = latest.getList("patients.latestStudyDate");
            assertThat(dates).isSortedAccordingTo((a, b) -> b.compareTo(a));

            // modality: CT is each even patient's first study, which then describes the row
            JsonPath ct = timed(token, "?modality=CT&sort=patientBirthDate&limit=100");
            assertThat(ct.getLong("total")).isEqualTo(seeded.stream().filter(s -> s.modality1.equals("CT")).count());
            assertThat(ct.getList("patients.modalitiesInStudy.flatten()")).containsOnly("CT");
            assertThat(ct.getList("patients.studies")).containsOnly(1);
            assertThat(ct.getString("patients[0].patientBirthDate")).isEqualTo(seeded.get(0).birthDate.toString());
            assertThat(timed(token, "?modality=US&modality=MR&limit=1").getLong("total")).isEqualTo(
                    seeded.stream().filter(s -> s.has("US", null, null) || s.has("MR", null, null)).count());

            // dates
            LocalDate from = LocalDate.of(2018, 3, 1);
            LocalDate to = LocalDate.of(2018, 8, 31);
            assertThat(timed(token, "?from=" + from + "&to=" + to + "&limit=10").getLong("total")).isEqualTo(
                    seeded.stream().filter(s -> Seeded.within(s.date1, from, to) || Seeded.within(s.date2, from, to))
                            .count());
            assertThat(timed(token, "?from=" + from + "&to=" + to + "&modality=CR&limit=10").getLong("total"))
                    .isEqualTo(seeded.stream().filter(s -> s.has("CR", from, to)).count());

            // name words (accents and case aside) and birth date
            assertThat(timed(token, "?q=gir&sort=studies&limit=500").getLong("total")).isEqualTo(
                    seeded.stream().filter(s -> words(s.name).stream().anyMatch(w -> w.startsWith("GIR"))).count());
            JsonPath helene = timed(token, "?q=" + "h%C3%A9l%C3%A8ne%20ecu&limit=500");
            assertThat(helene.getLong("total")).isEqualTo(seeded.stream()
                    .filter(s -> s.name.equals("Écuyer^Hélène")).count()).isPositive();
            assertThat(helene.getList("patients.patientName")).containsOnly("Écuyer^Hélène");
            Seeded one = seeded.get(1234);
            assertThat(timed(token, "?birthDate=" + one.birthDate).getList("patients.patient")).hasSize(1);

            // unread: all of them, until some are opened
            assertThat(timed(token, "?unread=true&sort=unread&limit=1").getLong("total")).isEqualTo(PATIENTS);
        } finally {
            cleanUp();
        }
    }

    private static List<String> words(String name) {
        return PersonNames.words(name);
    }

    /** One request, its time printed (not asserted). */
    private static JsonPath timed(String token, String query) {
        long start = System.nanoTime();
        Response r = given().urlEncodingEnabled(false).auth().oauth2(token).get("/api/my-patients" + query);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.statusCode()).as(query + " " + r.asString()).isEqualTo(200);
        LOG.infof("GET /api/my-patients%s over %d patients: %d ms", query, PATIENTS, ms);
        return r.jsonPath();
    }

    private void explainAll() throws Exception {
        Caller caller = new Caller(subject, Set.of(Roles.PRACTITIONER), doctor, List.of());
        Map<String, MyPatientsQuery> queries = Map.of(
                "latest first, 50", MyPatientsQuery.page(50, 0),
                "by name, page 3 of 500", new MyPatientsQuery(List.of(), null, null, null, null, false,
                        MyPatientsQuery.Sort.PATIENT_NAME, false, 500, 1000),
                "CT and MR in 2018, name GIR, unread, by birth date", new MyPatientsQuery(List.of("CT", "MR"),
                        LocalDate.of(2018, 1, 1), LocalDate.of(2018, 12, 31), List.of("GIR"), null, true,
                        MyPatientsQuery.Sort.PATIENT_BIRTH_DATE, false, 50, 0));
        for (Map.Entry<String, MyPatientsQuery> q : queries.entrySet()) {
            SqlQuery sql = MyPatientsRepository.listQuery(subject, Prescribers.prescribedBy(doctor, "st"),
                    access.visibleStudies(caller, "st"), q.getValue());
            StringBuilder plan = new StringBuilder();
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = c.prepareStatement("explain (analyze, buffers) " + sql.sql())) {
                JdbcParameters.bind(c, s, sql.params());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
            }
            LOG.infof("EXPLAIN my patients (%s), %d patients:\n%s", q.getKey(), PATIENTS, plan);
        }
    }

    // ------------------------------------------------------------------ seeding

    private void seed(List<Seeded> seeded) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int sitePatients = PATIENTS + OTHER_STUDIES / 2;
            List<Long> ids = new ArrayList<>();
            try (Statement patients = c.createStatement();
                 ResultSet rs = patients.executeQuery("insert into patient (created_at) select now() from "
                         + "generate_series(1, " + sitePatients + ") returning id");
                 PreparedStatement site = c.prepareStatement("""
                         insert into site_patient (platform_patient_id, source, patient_id, patient_name)
                         values (?, 'SCALE', ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
                int p = 0;
                while (rs.next()) {
                    site.setLong(1, rs.getLong(1));
                    site.setString(2, mark + "-" + p);
                    site.setString(3, p < PATIENTS ? seeded.get(p).name : "Autre^Patient");
                    site.addBatch();
                    p++;
                }
                site.executeBatch();
                try (ResultSet keys = site.getGeneratedKeys()) {
                    while (keys.next()) {
                        ids.add(keys.getLong(1));
                    }
                }
            }
            try (PreparedStatement study = c.prepareStatement("""
                    insert into study (study_instance_uid, site_patient_id, patient_id, patient_name_upper,
                                       patient_name_words, patient_birth_date, study_date, study_time,
                                       study_description, modalities_in_study, attributes,
                                       referring_physician_ids, revision)
                    values (?, ?, ?, ?, ?, ?, ?, '101010', ?, ?, ?::jsonb, ?, nextval('registration_seq'))""")) {
                int n = 0;
                for (Seeded s : seeded) {
                    for (int k = 0; k < 2; k++) {
                        add(c, study, n++, ids.get(s.patient), mark + "-" + s.patient, s.name, s.birthDate,
                                k == 0 ? s.date1 : s.date2, k == 0 ? s.modality1 : s.modality2, doctor);
                    }
                }
                // other prescribers' studies, some of them named like hers
                for (int i = 0; i < OTHER_STUDIES; i++) {
                    int p = PATIENTS + i / 2;
                    add(c, study, n++, ids.get(p), mark + "-" + p, i % 4 == 0 ? "Girard^Hélène" : "Autre^Patient",
                            LocalDate.of(1950, 1, 1), LocalDate.of(2018, 1, 1).plusDays(i % 700), "CT",
                            "8" + (60_000_000_000L + i % 50));
                }
                study.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute("analyze patient, site_patient, study");
            }
            c.commit();
        }
    }

    private void add(Connection c, PreparedStatement study, int n, long sitePatient, String patientId, String name,
                     LocalDate birthDate, LocalDate date, String modality, String prescriber) throws Exception {
        ObjectNode pn = JsonNodeFactory.instance.objectNode().put("vr", "PN");
        pn.putArray("Value").addObject().put("Alphabetic", name);
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        attributes.set("00100010", pn);
        JdbcParameters.bind(c, study, Arrays.asList("1.2.826.0.1.3680043.10.4321." + n + "." + Math.abs(mark.hashCode()),
                sitePatient, patientId, PersonNames.upperForm(name), PersonNames.fuzzyKeys(pn), birthDate, date,
                "Study " + n, List.of(modality), attributes.toString(), List.of(prescriber)));
        study.addBatch();
        if (n % 1000 == 999) {
            study.executeBatch();
        }
    }

    private void cleanUp() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("create temporary table scale_patients as select sp.id, sp.platform_patient_id "
                    + "from site_patient sp where sp.source = 'SCALE' and sp.patient_id like '" + mark + "-%'");
            s.executeUpdate("delete from study_read where study_id in (select id from study where site_patient_id in "
                    + "(select id from scale_patients))");
            s.executeUpdate("delete from study where site_patient_id in (select id from scale_patients)");
            s.executeUpdate("delete from site_patient where id in (select id from scale_patients)");
            s.executeUpdate("delete from patient where id in (select platform_patient_id from scale_patients)");
            s.executeUpdate("drop table scale_patients");
            s.execute("analyze study");
        }
    }
}
