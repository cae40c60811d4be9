package org.irisimaging.studyindex;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.irisimaging.studyindex.access.Caller;
import org.irisimaging.studyindex.access.Prescribers;
import org.irisimaging.studyindex.access.Roles;
import org.irisimaging.studyindex.access.SqlCondition;
import org.irisimaging.studyindex.access.StudyAccess;
import org.irisimaging.studyindex.attributes.AttributeDictionary;
import org.irisimaging.studyindex.attributes.DataSet;
import org.irisimaging.studyindex.attributes.Level;
import org.irisimaging.studyindex.attributes.PersonNames;
import org.irisimaging.studyindex.jdbc.JdbcParameters;
import org.irisimaging.studyindex.jdbc.SqlQuery;
import org.irisimaging.studyindex.mypatients.MyPatientsQuery;
import org.irisimaging.studyindex.mypatients.MyPatientsRepository;
import org.irisimaging.studyindex.qido.QidoQueryParser;
import org.irisimaging.studyindex.qido.QidoSql;
import org.irisimaging.studyindex.qido.Search;
import org.irisimaging.studyindex.wado.MetadataRepository;
import org.irisimaging.testsupport.EmbeddedKafkaResource;
import org.irisimaging.testsupport.EmbeddedPostgresResource;
import org.irisimaging.testsupport.TestTokenIssuerResource;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main QIDO-RS and metadata queries run on indexes, not sequential scans, on an index of
 * 10,000 studies (5,000 patients, 20,000 series, 60,000 instances with CT_small's public metadata), seeded
 * straight into the tables in the shape registration gives them, then removed. Plans are printed.
 *
 * <p>With {@code -Diris.bench=true} it also measures, over HTTP, the latency of each search and of
 * the metadata of a 500-instance study registered through the API, and prints p50/p95. Timings are
 * reported, never asserted.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(TestTokenIssuerResource.class)
class IndexPlanTest {

    private static final Logger LOG = Logger.getLogger(IndexPlanTest.class);
    private static final int PATIENTS = 5_000;
    private static final int STUDIES = 10_000;
    private static final int PRESCRIBERS = 500;
    private static final int ESTABLISHMENTS = 20;
    private static final Pattern SEQ_SCAN = Pattern.compile("Seq Scan on (study|series|instance)\\b");
    private static final List<String> FAMILY = List.of("Dupont", "Martin", "Bernard", "Thomas", "Petit", "Robert",
            "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David",
            "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupuis", "Lambert", "Fontaine", "Rousseau", "Vincent",
            "Müller", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François",
            "Legrand", "Gauthier", "Garcia");
    private static final List<String> GIVEN = List.of("Jean", "Marie", "Pierre", "Anne", "Michel", "Isabelle",
            "Philippe", "Catherine", "Alain", "Sylvie", "Nicolas", "Nathalie", "Éric", "Christine", "Laurent",
            "Sophie", "Frédéric", "Valérie", "Stéphane", "Sandrine", "Olivier", "Céline", "Julien", "Hélène",
            "Thierry", "Chloé", "Sébastien", "Léa", "Jérôme", "Zoé", "Patrick", "Emma", "Christophe", "Inès",
            "François", "Camille", "Daniel", "Manon", "Bruno", "Élodie");
    private static final List<String> MODALITIES = List.of("CT", "MR", "CR", "DX", "US", "PT", "NM", "MG", "SR", "OT");

    @Inject
    DataSource dataSource;
    @Inject
    QidoQueryParser parser;
    @Inject
    StudyAccess access;

    private final String mark = "BENCH" + Integer.toString(new Random().nextInt(1 << 20), 36).toUpperCase();
    private final List<String> studyUids = new ArrayList<>();

    @Test
    void theMainQueriesUseIndexesOnATenThousandStudyIndex() throws Exception {
        try {
            long start = System.nanoTime();
            seed();
            LOG.infof("Seeded %d studies in %d ms", STUDIES, (System.nanoTime() - start) / 1_000_000);
            String study = studyUids.get(4242);
            String series = study + ".1";
            List<String> violations = new ArrayList<>();
            for (Map.Entry<String, SqlQuery> q : queries(study, series).entrySet()) {
                String plan = explain(q.getValue());
                LOG.infof("EXPLAIN %s\n%s", q.getKey(), plan);
                if (SEQ_SCAN.matcher(plan).find()) {
                    violations.add(q.getKey());
                }
            }
            assertThat(violations).as("queries planned with a sequential scan of a main table").isEmpty();
            if (Boolean.getBoolean("iris.bench")) {
                bench(study, series);
            }
        } finally {
            cleanUp();
        }
    }

    /** The searches of viewers and of the gateway, as built by the service itself. */
    private Map<String, SqlQuery> queries(String study, String series) {
        Map<String, SqlQuery> queries = new LinkedHashMap<>();
        for (Map.Entry<String, Request> r : requests(study, series).entrySet()) {
            Request q = r.getValue();
            queries.put(r.getKey(), QidoSql.build(parser.parse(q.search, q.study, q.series, q.params), SqlCondition.TRUE));
        }
        // What practitioners and site administrators run: the same searches under their access condition.
        Caller prescriber = new Caller("bench-doc", Set.of(Roles.PRACTITIONER), prescriber(42), List.of(establishment(3)));
        Caller siteAdmin = new Caller("bench-admin", Set.of(Roles.PRACTITIONER, Roles.SITE_ADMIN), prescriber(43),
                List.of(establishment(3)));
        for (String name : List.of("all studies, newest first", "studies by PatientName prefix",
                "studies by StudyDate range", "series by Modality", "instances by PatientID")) {
            Request q = requests(study, series).get(name);
            queries.put("prescriber: " + name, QidoSql.build(parser.parse(q.search, q.study, q.series, q.params),
                    access.visibleStudies(prescriber, "st")));
            queries.put("site admin: " + name, QidoSql.build(parser.parse(q.search, q.study, q.series, q.params),
                    access.visibleStudies(siteAdmin, "st")));
        }
        queries.put("my patients", MyPatientsRepository.listQuery("bench-doc",
                Prescribers.prescribedBy(prescriber(42), "st"), access.visibleStudies(prescriber, "st"), MyPatientsQuery.page(50, 0)));
        queries.put("my patients, filtered and sorted by name", MyPatientsRepository.listQuery("bench-doc",
                Prescribers.prescribedBy(prescriber(42), "st"), access.visibleStudies(prescriber, "st"),
                new MyPatientsQuery(List.of("CT", "MR"), LocalDate.of(2016, 1, 1), LocalDate.of(2024, 12, 31),
                        List.of("GIR"), null, true, MyPatientsQuery.Sort.PATIENT_NAME, false, 50, 0)));
        queries.put("study metadata", MetadataRepository.metadataQuery(study, null, null, SqlCondition.TRUE));
        queries.put("series metadata", MetadataRepository.metadataQuery(study, series, null, SqlCondition.TRUE));
        return queries;
    }

    private record Request(Search search, String study, String series, Map<String, List<String>> params, String path) {
    }

    private Map<String, Request> requests(String study, String series) {
        Map<String, Request> r = new LinkedHashMap<>();
        r.put("all studies, newest first", request(Search.ALL_STUDIES, null, null));
        r.put("studies by PatientID", request(Search.ALL_STUDIES, null, null, "PatientID", mark + "-2345"));
        r.put("studies by PatientName prefix", request(Search.ALL_STUDIES, null, null, "PatientName", "girard^l*"));
        r.put("studies by fuzzy PatientName", request(Search.ALL_STUDIES, null, null, "PatientName", "helene guer",
                "fuzzymatching", "true"));
        r.put("studies by StudyDate range", request(Search.ALL_STUDIES, null, null, "StudyDate", "20200101-20200131"));
        r.put("studies by AccessionNumber", request(Search.ALL_STUDIES, null, null, "AccessionNumber", mark + "-ACC-777"));
        r.put("studies by ModalitiesInStudy", request(Search.ALL_STUDIES, null, null, "ModalitiesInStudy", "MG"));
        r.put("studies by StudyInstanceUID", request(Search.ALL_STUDIES, null, null, "StudyInstanceUID", study));
        r.put("studies by ReferringPhysicianName", request(Search.ALL_STUDIES, null, null,
                "ReferringPhysicianName", "LAMBERT^*"));
        r.put("studies by PatientName and date, includefield=all", request(Search.ALL_STUDIES, null, null,
                "PatientName", "MARTIN*", "StudyDate", "20180101-", "includefield", "all"));
        r.put("study's series", request(Search.STUDY_SERIES, study, null));
        r.put("series' instances", request(Search.SERIES_INSTANCES, study, series));
        r.put("study's instances", request(Search.STUDY_INSTANCES, study, null));
        r.put("series by PatientID", request(Search.ALL_SERIES, null, null, "PatientID", mark + "-17"));
        r.put("series by Modality", request(Search.ALL_SERIES, null, null, "Modality", "NM"));
        r.put("instances by PatientID", request(Search.ALL_INSTANCES, null, null, "PatientID", mark + "-17"));
        r.put("instances by SOPInstanceUID", request(Search.ALL_INSTANCES, null, null, "SOPInstanceUID", series + ".2"));
        return r;
    }

    private static Request request(Search search, String study, String series, String... params) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], List.of(params[i + 1]));
        }
        String path = switch (search) {
            case ALL_STUDIES -> "/studies";
            case STUDY_SERIES -> "/studies/" + study + "/series";
            case ALL_SERIES -> "/series";
            case SERIES_INSTANCES -> "/studies/" + study + "/series/" + series + "/instances";
            case STUDY_INSTANCES -> "/studies/" + study + "/instances";
            case ALL_INSTANCES -> "/instances";
        };
        return new Request(search, study, series, map, path);
    }

    private String explain(SqlQuery query) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("explain (analyze, buffers, costs off) " + query.sql())) {
            JdbcParameters.bind(c, s, query.params());
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    // ------------------------------------------------------------------ bench (-Diris.bench=true)

    private void bench(String study, String series) throws Exception {
        StringBuilder table = new StringBuilder(
                "\n| query | results | HTTP p50 ms | HTTP p95 ms | SQL p50 ms | SQL p95 ms |\n|---|---|---|---|---|---|\n");
        Map<String, SqlQuery> sql = queries(study, series);
        for (Map.Entry<String, Request> r : requests(study, series).entrySet()) {
            Request q = r.getValue();
            StringBuilder query = new StringBuilder();
            q.params.forEach((k, v) -> query.append(query.isEmpty() ? "?" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v.get(0), StandardCharsets.UTF_8)));
            String uri = "/dicomweb" + q.path + query;
            int size = new com.fasterxml.jackson.databind.ObjectMapper().readTree(httpBody(uri)).size();
            double[] http = time(50, () -> httpGet(uri));
            double[] db = time(50, () -> runSql(sql.get(r.getKey())));
            row(table, r.getKey(), size, http, db);
        }
        // A 500-instance study registered through the API, then its metadata
        String big = Samples.uid();
        ObjectNode template = Samples.withUids(Samples.dataset(Samples.CT_SMALL), big, Samples.uid(), Samples.uid());
        Samples.set(template, "00100020", "LO", mark + "-META");
        long start = System.nanoTime();
        for (int i = 1; i <= 500; i++) {
            ObjectNode ds = template.deepCopy();
            if (i % 100 == 1) {
                Samples.set(template, "0020000E", "UI", Samples.uid());
                Samples.set(template, "00200011", "IS", i / 100 + 1);
                ds = template.deepCopy();
            }
            Samples.set(ds, "00080018", "UI", Samples.uid());
            Samples.set(ds, "00200013", "IS", i);
            registerOverHttp(Samples.request(ds));
        }
        double perRegistration = (System.nanoTime() - start) / 1e6 / 500;
        String metadataUri = "/dicomweb/studies/" + big + "/metadata";
        int bytes = httpGet(metadataUri);
        double[] meta = time(30, () -> httpGet(metadataUri));
        SqlQuery metadataSql = MetadataRepository.metadataQuery(big, null, null, SqlCondition.TRUE);
        double[] metaDb = time(30, () -> runSql(metadataSql));
        row(table, "study metadata, 500 instances (" + bytes / 1024 + " KiB)", 500, meta, metaDb);
        // of which the server's jsonb-to-text conversion alone (nothing transferred)
        SqlQuery conversion = new SqlQuery("select sum(octet_length(i.metadata::text)) from instance i"
                + " where i.study_id = (select id from study where study_instance_uid = ?)", List.of(big));
        double[] convert = time(30, () -> runSql(conversion));
        table.append(String.format("%nPostgreSQL jsonb-to-text of those 500 instances alone: p50 %.1f ms, p95 %.1f ms%n",
                convert[0], convert[1]));
        LOG.infof("EXPLAIN study metadata, 500 instances\n%s", explain(metadataSql));
        table.append("\nRegistration through the API (java.net.http client, one at a time, CT_small data set): ").append(String.format("%.1f", perRegistration))
                .append(" ms per instance\n");
        LOG.info("QIDO-RS bench on " + STUDIES + " studies (50 runs after 5 warm-ups; HTTP: java.net.http client,"
                + " body read not parsed; SQL: the service's statement over JDBC):" + table);
    }

    private static void row(StringBuilder table, String name, int results, double[] http, double[] db) {
        table.append("| ").append(name).append(" | ").append(results).append(" | ")
                .append(String.format("%.1f | %.1f | %.1f | %.1f", http[0], http[1], db[0], db[1])).append(" |\n");
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** GET as an administrator; the body is read but not parsed. Returns its size. */
    private static int httpGet(String path) {
        return httpBody(path).length;
    }

    private static void registerOverHttp(ObjectNode request) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + io.restassured.RestAssured.port + "/api/instances"))
                    .header("Authorization", "Bearer " + StudyIndexApi.GATEWAY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new AssertionError("registration: " + response.statusCode() + " " + response.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] httpBody(String path) {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + io.restassured.RestAssured.port + path))
                    .header("Authorization", "Bearer " + StudyIndexApi.ADMIN).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError(path + ": " + response.statusCode());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs the statement and reads every column of every row as the service does (text). */
    private void runSql(SqlQuery query) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(query.sql())) {
            JdbcParameters.bind(c, s, query.params());
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        rs.getString(i);
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code action} 5 times to warm up, then {@code runs} times; returns p50 and p95 in ms. */
    private static double[] time(int runs, Runnable action) {
        for (int i = 0; i < 5; i++) {
            action.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            action.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[runs / 2], ms[(int) Math.ceil(runs * 0.95) - 1]};
    }

    // ------------------------------------------------------------------ seeding

    private void seed() throws Exception {
        ObjectNode template = Samples.dataset(Samples.CT_SMALL);
        Random random = new Random(42);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<Long> sitePatients = new ArrayList<>();
            try (Statement patients = c.createStatement();
                 ResultSet ids = patients.executeQuery(
                         "insert into patient (created_at) select now() from generate_series(1, " + PATIENTS + ") returning id");
                 PreparedStatement site = c.prepareStatement("""
                         insert into site_patient (platform_patient_id, source, patient_id, patient_name)
                         values (?, 'BENCH', ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
                int p = 0;
                while (ids.next()) {
                    site.setLong(1, ids.getLong(1));
                    site.setString(2, mark + "-" + p);
                    site.setString(3, name(p));
                    site.addBatch();
                    p++;
                }
                site.executeBatch();
                try (ResultSet keys = site.getGeneratedKeys()) {
                    while (keys.next()) {
                        sitePatients.add(keys.getLong(1));
                    }
                }
            }
            try (PreparedStatement study = c.prepareStatement("""
                    insert into study (study_instance_uid, site_patient_id, patient_id, patient_name_upper,
                                       patient_name_words, patient_birth_date, patient_sex, study_date, study_time,
                                       accession_number, study_id, referring_physician_name_upper,
                                       referring_physician_name_words, study_description, attributes,
                                       referring_physician_ids, producing_establishment, revision)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, nextval('registration_seq'))""")) {
                for (int i = 0; i < STUDIES; i++) {
                    int p = i % PATIENTS;
                    String uid = "1.2.826.0.1.3680043.10.1234." + i + "." + Math.abs(mark.hashCode());
                    studyUids.add(uid);
                    LocalDate date = LocalDate.of(2015, 1, 1).plusDays(random.nextInt(3650));
                    LocalTime time = LocalTime.ofSecondOfDay(random.nextInt(86_400));
                    String referring = FAMILY.get((i * 7) % FAMILY.size()) + "^" + GIVEN.get((i * 11) % GIVEN.size());
                    ObjectNode ds = template.deepCopy();
                    Samples.set(ds, "0020000D", "UI", uid);
                    Samples.set(ds, "00100020", "LO", mark + "-" + p);
                    Samples.setName(ds, "00100010", name(p));
                    Samples.set(ds, "00080020", "DA", date.toString().replace("-", ""));
                    Samples.set(ds, "00080030", "TM", time.toString().replace(":", ""));
                    Samples.set(ds, "00080050", "SH", mark + "-ACC-" + i);
                    Samples.setName(ds, "00080090", referring);
                    DataSet dataSet = DataSet.of(ds);
                    JdbcParameters.bind(c, study, Arrays.asList(uid, sitePatients.get(p), mark + "-" + p,
                            PersonNames.upperForm(name(p)), PersonNames.fuzzyKeys(ds.get("00100010")),
                            LocalDate.of(1940, 1, 1).plusDays(p * 7L), p % 2 == 0 ? "F" : "M", date, time,
                            mark + "-ACC-" + i, "S" + i, PersonNames.upperForm(referring),
                            PersonNames.fuzzyKeys(ds.get("00080090")), "Study " + (i % 10),
                            dataSet.subset(AttributeDictionary.storedTags(Level.STUDY)).toString(),
                            List.of(prescriber(i % PRESCRIBERS)), establishment(i % ESTABLISHMENTS)));
                    study.addBatch();
                    if (i % 1000 == 999) {
                        study.executeBatch();
                    }
                }
                study.executeBatch();
            }
            // the instances' metadata: CT_small without its private attributes (odd groups), about 3 KB
            ObjectNode instanceTemplate = template.deepCopy();
            instanceTemplate.retain(new ArrayList<>(iterable(instanceTemplate.fieldNames()).stream()
                    .filter(tag -> Integer.parseInt(tag.substring(3, 4), 16) % 2 == 0).toList()));
            try (PreparedStatement series = c.prepareStatement("""
                    insert into series (series_instance_uid, study_id, modality, series_number, series_description,
                                        attributes)
                    select st.study_instance_uid || '.' || n, st.id, m.modality, n, 'Series ' || n,
                           jsonb_build_object('0020000E', jsonb_build_object('vr', 'UI', 'Value',
                                                  jsonb_build_array(st.study_instance_uid || '.' || n)),
                                              '00080060', jsonb_build_object('vr', 'CS', 'Value', jsonb_build_array(m.modality)),
                                              '00200011', jsonb_build_object('vr', 'IS', 'Value', jsonb_build_array(n)))
                      from study st
                     cross join generate_series(1, 2) n
                     cross join lateral (select (?::text[])[1 + (st.id * 3 + n * 5) % 10] as modality) m
                     where st.patient_id like ?""");
                 PreparedStatement instance = c.prepareStatement("""
                    insert into instance (sop_instance_uid, series_id, study_id, sop_class_uid, instance_number,
                                          transfer_syntax_uid, blob_key, size_bytes, sha256, source, metadata)
                    select se.series_instance_uid || '.' || n, se.id, se.study_id, '1.2.840.10008.5.1.4.1.1.2', n,
                           '1.2.840.10008.1.2.1', 'instances/bench/' || se.id || '/' || n || '.dcm', 100000,
                           repeat('0', 64), 'BENCH',
                           ?::jsonb || jsonb_build_object(
                               '00080018', jsonb_build_object('vr', 'UI', 'Value', jsonb_build_array(se.series_instance_uid || '.' || n)),
                               '0020000E', jsonb_build_object('vr', 'UI', 'Value', jsonb_build_array(se.series_instance_uid)),
                               '00200013', jsonb_build_object('vr', 'IS', 'Value', jsonb_build_array(n)))
                      from series se
                      join study st on st.id = se.study_id
                     cross join generate_series(1, 3) n
                     where st.patient_id like ?""");
                 Statement plain = c.createStatement()) {
                JdbcParameters.bind(c, series, List.of(MODALITIES, mark + "-%"));
                series.executeUpdate();
                JdbcParameters.bind(c, instance, List.of(instanceTemplate.toString(), mark + "-%"));
                instance.executeUpdate();
                plain.executeUpdate("""
                        update study st
                           set number_of_series = 2, number_of_instances = 6,
                               modalities_in_study = (select array_agg(distinct se.modality order by se.modality)
                                                        from series se where se.study_id = st.id)
                         where st.patient_id like '%s-%%'""".formatted(mark));
                plain.execute("analyze patient, site_patient, study, series, instance");
            }
            c.commit();
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    /** The idNat_PS of bench prescriber {@code n}: each prescribed STUDIES / PRESCRIBERS studies. */
    private static String prescriber(int n) {
        return "8" + (90_000_000_000L + n);
    }

    /** Bench establishment {@code n}: each produced STUDIES / ESTABLISHMENTS studies. */
    private static String establishment(int n) {
        return "99" + String.format("%07d", n);
    }

    private static String name(int patient) {
        return FAMILY.get(patient % FAMILY.size()) + "^" + GIVEN.get((patient / FAMILY.size()) % GIVEN.size());
    }

    private void cleanUp() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String bench = "(select id from study where patient_id like '" + mark + "-%')";
            s.executeUpdate("delete from instance where study_id in " + bench);
            s.executeUpdate("delete from series where study_id in " + bench);
            s.executeUpdate("create temporary table bench_patients as select sp.id, sp.platform_patient_id "
                    + "from site_patient sp where sp.patient_id like '" + mark + "-%'");
            s.executeUpdate("delete from study where patient_id like '" + mark + "-%'");
            s.executeUpdate("delete from site_patient where id in (select id from bench_patients)");
            s.executeUpdate("delete from patient where id in (select platform_patient_id from bench_patients)");
            s.executeUpdate("drop table bench_patients");
            s.execute("analyze study, series, instance");
        }
    }

}
