#!/usr/bin/env python3
"""Writes the malformed-payload corpus of the service fuzz test (tests/Vigil.Tests/Reliability/Fuzz).

Provenance: hand-written by the reliability work for issue #18; every case is a malformation named in the issue
(truncated, wrong types, huge numbers, deep nesting, invalid UTF-8, duplicate keys, nulls, empty arrays, unknown
fields, wrong content types) or a known parser edge (lone surrogate escapes, BOMs, NaN literals, comments).
cases.tsv: file, endpoint, content type, expected status ("4xx" = any 4xx; "a|b" = either), what it is.
The 100 MB and oversize bodies are made by the test itself (not stored). Re-run: python3 make_corpus.py
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
rows = []

def case(name, endpoint, ctype, expect, what, data):
    folder = endpoint.split()[1].strip('/').replace('/', '_').replace('{id}', 'id')
    path = os.path.join(HERE, folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode('utf-8'))
    rows.append((folder + '/' + name, endpoint, ctype, expect, what))

J = 'application/json'
ND = 'application/x-ndjson'
pred = {"event_id": "c-p-1", "model": "sepsis-ews", "model_version": "1.0.0", "time": "2026-03-01T08:00:00Z",
        "encounter": "ENC-CORPUS-1-RAW", "patient": "MRN-CORPUS-1-RAW", "site": "north", "unit": "icu",
        "protected": {"age": "50", "sex": "F"}, "features": {"lactate": 2.0, "heart_rate": 90}, "score": 0.4,
        "alert": False, "suggestion": None}
act = {"event_id": "c-a-1", "prediction_id": "c-p-1", "time": "2026-03-01T09:00:00Z", "action": "accepted",
       "reason": None, "seconds_to_action": 12.5}
out = {"event_id": "c-o-1", "encounter": "ENC-CORPUS-1-RAW", "kind": "sepsis_onset", "time": "2026-03-02T08:00:00Z"}

def with_(d, **kw):
    e = dict(d); e.update(kw); return e

def raw(d, key, text):
    """d as JSON with key's value replaced by raw text."""
    marker = "@@M@@"
    return json.dumps(with_(d, **{key: marker})).replace('"' + marker + '"', text)

DEEP_ARR = '[' * 10000 + ']' * 10000
DEEP_OBJ = '{"a":' * 10000 + '1' + '}' * 10000
BIG = '9' * 400

for ep, ev, fields in [("POST /v1/predictions", pred, ["event_id", "encounter", "score", "alert", "time"]),
                       ("POST /v1/actions", act, ["event_id", "prediction_id", "seconds_to_action", "action", "time"]),
                       ("POST /v1/outcomes", out, ["event_id", "encounter", "kind", "time"])]:
    good = json.dumps(ev)
    case("truncated-array.json", ep, J, "400", "array cut mid-object", ('[' + good)[:len(good) // 2])
    case("truncated-ndjson.ndjson", ep, ND, "400", "second line cut", good + "\n" + good[:20])
    case("unclosed-array.json", ep, J, "400", "no closing bracket", '[' + good)
    case("empty-body.json", ep, J, "400", "empty body", "")
    case("empty-array.json", ep, J, "200", "empty batch: nothing to store, accepted 0", "[]")
    case("null-root.json", ep, J, "400", "null instead of an array", "null")
    case("object-root.json", ep, J, "400", "one object instead of an array", good)
    case("null-item.json", ep, J, "422", "an array holding null", "[null]")
    case("number-items.json", ep, J, "422", "an array of numbers", "[1,2,3]")
    case("all-null-fields.json", ep, J, "422", "every field null", '[' + json.dumps({k: None for k in ev}) + ']')
    case("empty-object.json", ep, J, "422", "an event with no fields", "[{}]")
    for f in fields:
        case(f"wrong-type-{f}-object.json", ep, J, "422", f"{f} is an object", '[' + raw(ev, f, '{"x":1}') + ']')
        case(f"wrong-type-{f}-array.json", ep, J, "422", f"{f} is an array", '[' + raw(ev, f, '[]') + ']')
        case(f"huge-{f}-1e400.json", ep, J, "422", f"{f} is 1e400", '[' + raw(ev, f, '1e400') + ']')
        case(f"huge-{f}-400digits.json", ep, J, "422", f"{f} has 400 digits", '[' + raw(ev, f, BIG) + ']')
        if f in (fields[0], fields[2]):
            case(f"deep-{f}.json", ep, J, "400", f"{f} nested 10,000 levels", '[' + raw(ev, f, DEEP_ARR) + ']')
        case(f"duplicate-{f}.json", ep, J, "400", f"{f} given twice", '[' + raw(ev, f, json.dumps(ev[f]) + ',"' + f + '":' + json.dumps(ev[f])) + ']')
        optional = f == "seconds_to_action"
        case(f"null-{f}.json", ep, J, "200" if optional else "422", f"{f} null" + (" (optional: null is absent)" if optional else ""), '[' + json.dumps(with_(ev, **{f: None})) + ']')
    s = '[' + json.dumps(with_(ev, event_id="ab@@U@@cd")) + ']'
    for i, bad in enumerate([b'\x80', b'\xc0\xaf', b'\xed\xa0\x80', b'\xe2\x82', b'\xff\xfe']):
        case(f"invalid-utf8-{i}.json", ep, J, "400", f"event_id holds the invalid UTF-8 bytes {bad.hex()}", s.encode().replace(b'@@U@@', bad))
        case(f"invalid-utf8-{i}.ndjson", ep, ND, "400", f"NDJSON line with invalid UTF-8 {bad.hex()}", (json.dumps(ev) + "\n").encode().replace(b'c-', b'c' + bad, 1))
    case("lone-surrogate-escape.json", ep, J, "400", "event_id is a lone UTF-16 surrogate escape", '[' + raw(ev, "event_id", '"\\ud800x"') + ']')
    case("reversed-surrogates.json", ep, J, "400", "event_id is a reversed surrogate pair", '[' + raw(ev, "event_id", '"\\udc00\\ud800"') + ']')
    case("control-characters.json", ep, J, "422", "event_id with control characters", '[' + raw(ev, "event_id", '"a\\u0000b\\u001b"') + ']')
    case("deep-root-array.json", ep, J, "400", "10,000 nested arrays", DEEP_ARR)
    case("deep-root-object.json", ep, J, "400", "10,000 nested objects", DEEP_OBJ)
    case("deep-root.ndjson", ep, ND, "400", "an NDJSON line nested 10,000 levels", DEEP_OBJ + "\n")
    case("nan-literal.json", ep, J, "400", "NaN is not JSON", '[' + raw(ev, fields[2], 'NaN') + ']')
    case("infinity-literal.json", ep, J, "400", "Infinity is not JSON", '[' + raw(ev, fields[2], 'Infinity') + ']')
    case("comments.json", ep, J, "400", "comments are not JSON", '[/* x */' + good + ']')
    case("trailing-comma.json", ep, J, "400", "trailing comma", '[' + good + ',]')
    case("single-quotes.json", ep, J, "400", "single-quoted strings", "[{'event_id':'x'}]")
    case("utf16.json", ep, J, "400", "UTF-16 encoded body", ('[' + good + ']').encode('utf-16'))
    case("ndjson-as-json.json", ep, J, "400", "NDJSON sent as application/json", good + "\n" + good + "\n")
    case("array-as-ndjson.ndjson", ep, ND, "422", "a JSON array sent as NDJSON (one line holding an array)", '[' + good + ']\n')
    case("unknown-fields.json", ep, J, "200", "a valid event with unknown fields (ignored by design: forward compatibility)",
         '[' + json.dumps(with_(ev, zz_unknown=1, zz_other={"a": [1, 2]})) + ']')
    case("wrong-content-type-csv.json", ep, "text/csv", "415", "text/csv", '[' + good + ']')
    case("wrong-content-type-xml.json", ep, "application/xml", "415", "application/xml", '[' + good + ']')
    case("wrong-content-type-form.json", ep, "application/x-www-form-urlencoded", "415", "a form", "a=1&b=2")
    case("wrong-content-type-multipart.json", ep, "multipart/form-data; boundary=x", "415", "multipart", "--x\r\n\r\n" + good + "\r\n--x--")
    case("huge-string.json", ep, J, "422", "a 100 kB event_id", '[' + json.dumps(with_(ev, event_id="x" * 100_000)) + ']')
    case("blank-lines.ndjson", ep, ND, "4xx", "only whitespace and a bad line", "\n\n   \n\t\nnot json\n")

# predictions only
ep = "POST /v1/predictions"
case("time-without-offset.json", ep, J, "422", "a time without offset", '[' + json.dumps(with_(pred, time="2026-03-01T08:00:00")) + ']')
case("time-impossible-date.json", ep, J, "422", "February 30th", '[' + json.dumps(with_(pred, time="2026-02-30T08:00:00Z")) + ']')
case("time-year-1-plus14.json", ep, J, "4xx|200", "0001-01-01 at +14:00 (before DateTimeOffset.MinValue in UTC)", '[' + json.dumps(with_(pred, time="0001-01-01T00:00:00+14:00")) + ']')
case("time-year-9999-minus14.json", ep, J, "4xx|200", "9999-12-31T23:59:59 at -14:00 (after MaxValue in UTC)", '[' + json.dumps(with_(pred, time="9999-12-31T23:59:59-14:00")) + ']')
case("score-1e-400.json", ep, J, "200|422", "1e-400 (underflows to 0, a valid score)", '[' + raw(pred, "score", "1e-400") + ']')
case("age-huge.json", ep, J, "4xx|200", "age 1e400", '[' + json.dumps(with_(pred, protected={"age": "1e400", "sex": "F"})) + ']')
case("age-400-digits-number.json", ep, J, "4xx|200", "age as a 400-digit number", '[' + raw(pred, "protected", '{"age":' + BIG + ',"sex":"F"}') + ']')
case("feature-1e400.json", ep, J, "422", "a feature of 1e400", '[' + raw(pred, "features", '{"lactate":1e400,"heart_rate":90}') + ']')
case("feature-deep.json", ep, J, "400", "a feature nested 10,000 levels", '[' + raw(pred, "features", '{"lactate":' + DEEP_ARR + '}') + ']')
case("protected-unknown-attribute.json", ep, J, "422", "a protected attribute the registration does not know", '[' + json.dumps(with_(pred, protected={"religion": "x"})) + ']')
case("protected-array.json", ep, J, "422", "protected is an array", '[' + json.dumps(with_(pred, protected=[1, 2])) + ']')
case("protected-value-object.json", ep, J, "422", "a protected value that is an object", '[' + json.dumps(with_(pred, protected={"age": {"x": 1}, "sex": "F"})) + ']')
case("unregistered-model.json", ep, J, "422", "a model that is not registered", '[' + json.dumps(with_(pred, model="nope")) + ']')
case("duplicate-protected-key.json", ep, J, "400", "protected.sex given twice", '[' + raw(pred, "protected", '{"age":"50","sex":"F","sex":"M"}') + ']')

# registrations
ep = "POST /v1/models"
reg = {"schema": "vigil.model-registration/v1", "id": "corpus-model", "version": "1.0.0", "intended_use": "corpus",
       "protected": [{"name": "sex", "bands": None, "reference_group": None}], "watched_features": [], "threshold": 0.5,
       "outcome": {"positive_kind": "sepsis_onset", "window_hours": 72, "label_delay_hours": 0, "censor_kinds": []},
       "min_cell": 10,
       "monitors": {"bounds": [], "sequential": [], "drift": None, "calibration": None, "volume": None, "override_rate_max": None,
                    "confidence": 0.95, "min_rows": 30, "lookback_hours": 720, "webhooks": []}, "reference": None}
good = json.dumps(reg)
case("truncated.json", ep, J, "400", "cut in the middle", good[:len(good) // 2])
case("empty-body.json", ep, J, "400", "empty body", "")
case("null.json", ep, J, "400", "null", "null")
case("empty-array.json", ep, J, "400", "an empty array", "[]")
case("empty-object.json", ep, J, "400", "no fields", "{}")
case("threshold-string.json", ep, J, "400", "threshold is a string", raw(reg, "threshold", '"0.5"'))
case("threshold-1e400.json", ep, J, "400", "threshold is 1e400", raw(reg, "threshold", "1e400"))
case("threshold-400-digits.json", ep, J, "400", "threshold has 400 digits", raw(reg, "threshold", BIG))
case("min-cell-400-digits.json", ep, J, "400", "min_cell has 400 digits", raw(reg, "min_cell", BIG))
case("min-cell-fraction.json", ep, J, "400", "min_cell is 2.5", raw(reg, "min_cell", "2.5"))
case("id-null.json", ep, J, "400", "id null", json.dumps(with_(reg, id=None)))
case("id-number.json", ep, J, "400", "id is a number", raw(reg, "id", "12"))
case("id-lone-surrogate.json", ep, J, "400", "id is a lone surrogate escape", raw(reg, "id", '"\\ud800"'))
case("protected-object.json", ep, J, "400", "protected is an object", raw(reg, "protected", '{"name":"sex"}'))
case("protected-deep.json", ep, J, "400", "protected nested 10,000 levels", raw(reg, "protected", DEEP_ARR))
case("deep-root.json", ep, J, "400", "10,000 nested objects", DEEP_OBJ)
case("duplicate-id.json", ep, J, "400", "id given twice", raw(reg, "id", '"a","id":"b"'))
case("duplicate-threshold.json", ep, J, "400", "threshold given twice", raw(reg, "threshold", '0.5,"threshold":0.9'))
case("invalid-utf8.json", ep, J, "400", "invalid UTF-8 in intended_use", good.encode().replace(b'corpus"', b'corp\xff\xfeus"', 1))
case("lookback-1e308.json", ep, J, "400", "lookback_hours 1e308 (would overflow every period computed from it)", json.dumps(with_(reg, id="corpus-lookback", monitors=with_(reg["monitors"], lookback_hours=1e308))))
case("window-1e308.json", ep, J, "400", "window_hours 1e308", json.dumps(with_(reg, id="corpus-window", outcome=with_(reg["outcome"], window_hours=1e308))))
case("bands-huge.json", ep, J, "4xx|201", "band edges of 1e308", json.dumps(with_(reg, id="corpus-bands", protected=[{"name": "age", "bands": [-1e308, 1e308], "reference_group": None}])))
case("unknown-fields.json", ep, J, "201", "a valid registration with unknown fields (ignored by design)", json.dumps(with_(reg, id="corpus-unknown", zz_extra={"a": 1})))
case("wrong-content-type.json", ep, "text/plain", "415", "text/plain", json.dumps(with_(reg, id="corpus-ctype")))
case("wrong-content-type-xml.json", ep, "application/xml", "415", "application/xml", "<registration/>")
case("utf16.json", ep, J, "400", "UTF-16", good.encode('utf-16'))

# alert transitions (no alert 1 exists: a readable body gets 404)
ep = "POST /v1/alerts/{id}/transition"
case("truncated.json", ep, J, "400", "cut", '{"state":"ackn')
case("empty-body.json", ep, J, "400", "empty", "")
case("null.json", ep, J, "400", "null", "null")
case("state-undefined-number.json", ep, J, "400", "state 7 (no such state)", '{"state":7,"note":null}')
case("state-number.json", ep, J, "400|404", "state as its enum number (1: acknowledged; then no alert 1)", '{"state":1,"note":null}')
case("state-unknown.json", ep, J, "400", "state is not a state", '{"state":"deleted","note":null}')
case("state-null.json", ep, J, "400", "state null", '{"state":null,"note":null}')
case("state-missing.json", ep, J, "400", "no state", '{"note":"x"}')
case("note-object.json", ep, J, "400", "note is an object", '{"state":"acknowledged","note":{"a":1}}')
case("deep.json", ep, J, "400", "10,000 levels", DEEP_OBJ)
case("duplicate-state.json", ep, J, "400", "state twice", '{"state":"acknowledged","state":"resolved","note":null}')
case("invalid-utf8.json", ep, J, "400", "invalid UTF-8 in note", b'{"state":"acknowledged","note":"\xc0\xaf"}')
case("unknown-field.json", ep, J, "404", "unknown field, otherwise valid: no alert 1", '{"state":"acknowledged","note":null,"zz":1}')
case("wrong-content-type.json", ep, "text/plain", "415", "text/plain", '{"state":"acknowledged","note":null}')
case("huge-note.json", ep, J, "4xx", "a 200 kB note", json.dumps({"state": "acknowledged", "note": "n" * 200_000}))

# keys
ep = "POST /v1/keys"
case("truncated.json", ep, J, "400", "cut", '{"name":"k","ro')
case("empty-body.json", ep, J, "400", "empty", "")
case("role-unknown.json", ep, J, "400", "role root", '{"name":"k1","role":"root"}')
case("role-null.json", ep, J, "400", "role null", '{"name":"k1","role":null}')
case("role-number.json", ep, J, "400", "role is a number", '{"name":"k1","role":4}')
case("name-empty.json", ep, J, "400", "empty name", '{"name":"","role":"viewer"}')
case("name-control.json", ep, J, "400", "name with a control character", '{"name":"a\\u0007b","role":"viewer"}')
case("name-huge.json", ep, J, "400", "a 100,000-character name", json.dumps({"name": "n" * 100_000, "role": "viewer"}))
case("name-lone-surrogate.json", ep, J, "400", "name is a lone surrogate escape", '{"name":"\\udfff","role":"viewer"}')
case("duplicate-role.json", ep, J, "400", "role twice (viewer, then admin)", '{"name":"k2","role":"viewer","role":"admin"}')
case("deep.json", ep, J, "400", "10,000 levels", DEEP_ARR)
case("invalid-utf8.json", ep, J, "400", "invalid UTF-8 in the name", b'{"name":"k\xed\xa0\x80","role":"viewer"}')
case("array.json", ep, J, "400", "an array", '[{"name":"k3","role":"viewer"}]')
case("wrong-content-type.json", ep, "text/plain", "415", "text/plain", '{"name":"k4","role":"viewer"}')

# evaluate takes no body: a body is refused
ep = "POST /v1/evaluate"
case("json-body.json", ep, J, "400", "a JSON body the endpoint does not take", '{"model":"x"}')
case("garbage.bin", ep, "application/octet-stream", "400", "bytes", b'\xff\x00\x01garbage')

# FHIR R4 Bundles (docs/fhir.md): the example Bundle of examples/sepsis-monitoring, pointed at the test's registered model
FJ = 'application/fhir+json'
patient = {"resourceType": "Patient", "identifier": [{"system": "urn:oid:2.16.840.1.113883.19.5", "value": "MRN-FHIR-CORPUS-RAW"}],
           "gender": "female", "birthDate": "1956-09-14"}
encounter = {"resourceType": "Encounter", "identifier": [{"system": "urn:oid:2.16.840.1.113883.19.6", "value": "ENC-FHIR-CORPUS-RAW"}],
             "status": "in-progress", "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "EMER"},
             "subject": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000001"}}
risk = {"resourceType": "RiskAssessment", "identifier": [{"system": "urn:vigil:event", "value": "fhir-corpus-1"}], "status": "final",
        "method": {"coding": [{"system": "urn:vigil:model", "code": "sepsis-ews", "version": "1.0.0"}]},
        "subject": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000001"},
        "encounter": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000002"},
        "occurrenceDateTime": "2026-03-01T08:15:00Z",
        "prediction": [{"outcome": {"text": "sepsis_onset"}, "probabilityDecimal": 0.42}]}
def bundle(pat=patient, enc=encounter, ra=risk, btype="transaction"):
    def entry(n, r):
        return {"fullUrl": f"urn:uuid:00000000-0000-4000-8000-00000000000{n}", "resource": r,
                "request": {"method": "POST", "url": r.get("resourceType", "x") if isinstance(r, dict) else "x"}}
    return {"resourceType": "Bundle", "type": btype, "entry": [entry(1, pat), entry(2, enc), entry(4, ra)]}
def ra_with(**kw):
    return bundle(ra=with_(risk, **kw))
ep = "POST /fhir"
good = json.dumps(bundle())
case("valid-transaction.json", ep, FJ, "200", "the valid Bundle (sanity: the corpus reaches the mapping)", good)
case("truncated.json", ep, FJ, "400", "cut in the middle", good[:len(good) // 2])
case("empty-body.json", ep, FJ, "400", "empty body", "")
case("null.json", ep, FJ, "4xx", "null", "null")
case("array.json", ep, FJ, "4xx", "an array of Bundles", '[' + good + ']')
case("no-resource-type.json", ep, FJ, "422", "no resourceType", json.dumps({"type": "transaction", "entry": []}))
case("unknown-resource-type.json", ep, FJ, "422", "resourceType Bundel", good.replace('"Bundle"', '"Bundel"', 1))
case("patient-not-bundle.json", ep, FJ, "422", "a Patient instead of a Bundle", json.dumps(patient))
case("bundle-type-searchset.json", ep, FJ, "422", "a searchset Bundle", json.dumps(bundle(btype="searchset")))
case("bundle-type-number.json", ep, FJ, "422", "Bundle.type is a number", json.dumps(with_(bundle(), type=7)))
case("entry-object.json", ep, FJ, "422", "entry is an object", json.dumps(with_(bundle(), entry={"resource": risk})))
case("entry-null-item.json", ep, FJ, "4xx", "an entry that is null", json.dumps(with_(bundle(), entry=[None])))
case("probability-missing.json", ep, FJ, "422", "no probabilityDecimal", json.dumps(ra_with(prediction=[{"outcome": {"text": "sepsis_onset"}}])))
case("probability-2.json", ep, FJ, "422", "probabilityDecimal 2", json.dumps(ra_with(prediction=[{"probabilityDecimal": 2}])))
case("probability-negative.json", ep, FJ, "422", "probabilityDecimal -0.1", json.dumps(ra_with(prediction=[{"probabilityDecimal": -0.1}])))
case("probability-1e400.json", ep, FJ, "4xx", "probabilityDecimal 1e400", json.dumps(ra_with(prediction=[{"probabilityDecimal": 0.5}])).replace('0.5', '1e400'))
case("probability-400-digits.json", ep, FJ, "4xx", "probabilityDecimal with 400 digits", json.dumps(ra_with(prediction=[{"probabilityDecimal": 0.5}])).replace('0.5', BIG))
case("probability-string.json", ep, FJ, "422", "probabilityDecimal is a string", json.dumps(ra_with(prediction=[{"probabilityDecimal": "0.4"}])))
case("probability-range.json", ep, FJ, "422", "a probabilityRange instead of a decimal", json.dumps(ra_with(prediction=[{"probabilityRange": {"low": {"value": 0.1}, "high": {"value": 0.9}}}])))
case("unknown-model.json", ep, FJ, "422", "a model that is not registered", json.dumps(ra_with(method={"coding": [{"system": "urn:vigil:model", "code": "nope"}]})))
case("no-model-coding.json", ep, FJ, "422", "no urn:vigil:model coding", json.dumps(ra_with(method={"text": "a model"})))
case("time-without-zone.json", ep, FJ, "422", "occurrenceDateTime without a zone", json.dumps(ra_with(occurrenceDateTime="2026-03-01T08:15:00")))
case("time-date-only.json", ep, FJ, "422", "occurrenceDateTime a date alone", json.dumps(ra_with(occurrenceDateTime="2026-03-01")))
case("time-impossible.json", ep, FJ, "422", "February 30th", json.dumps(ra_with(occurrenceDateTime="2026-02-30T08:15:00Z")))
case("subject-not-in-bundle.json", ep, FJ, "422", "subject refers to a Patient that is not in the Bundle", json.dumps(ra_with(subject={"reference": "Patient/elsewhere"})))
case("encounter-missing.json", ep, FJ, "422", "no encounter reference", json.dumps(bundle(ra={k: v for k, v in risk.items() if k != "encounter"})))
case("no-event-id.json", ep, FJ, "422", "neither identifier nor id", json.dumps(bundle(ra={k: v for k, v in risk.items() if k != "identifier"})))
case("birthdate-malformed.json", ep, FJ, "422", "birthDate 1956-13-45", json.dumps(bundle(pat=with_(patient, birthDate="1956-13-45"))))
case("gender-unknown-code.json", ep, FJ, "422", "gender 'f' (not a FHIR code)", json.dumps(bundle(pat=with_(patient, gender="f"))))
case("misspelt-element.json", ep, FJ, "422", "an element the resource does not have (occurenceDateTime)", json.dumps(ra_with(occurenceDateTime="2026-03-01T08:15:00Z")))
case("deep-extension.json", ep, FJ, "400", "an extension nested 10,000 levels", good.replace('"gender"', '"extension":' + DEEP_ARR + ',"gender"', 1))
case("deep-root.json", ep, FJ, "400", "10,000 nested objects", DEEP_OBJ)
case("duplicate-resource-type.json", ep, FJ, "4xx", "resourceType given twice", good.replace('"resourceType": "Bundle"', '"resourceType": "Bundle", "resourceType": "Patient"', 1))
case("duplicate-probability.json", ep, FJ, "4xx", "probabilityDecimal given twice", good.replace('"probabilityDecimal": 0.42', '"probabilityDecimal": 0.42, "probabilityDecimal": 0.9', 1))
case("invalid-utf8.json", ep, FJ, "400", "invalid UTF-8 in the MRN", good.encode().replace(b'MRN-FHIR', b'MRN-\xff\xfeFHIR', 1))
case("lone-surrogate.json", ep, FJ, "4xx", "a lone surrogate escape in the MRN", good.replace('MRN-FHIR-CORPUS-RAW', '\\ud800', 1))
case("nan-literal.json", ep, FJ, "400", "NaN is not JSON", good.replace('0.42', 'NaN', 1))
case("utf16.json", ep, FJ, "400", "UTF-16 encoded body", good.encode('utf-16'))
case("xml.json", ep, "application/fhir+xml", "415", "FHIR XML", "<Bundle xmlns=\"http://hl7.org/fhir\"/>")
case("wrong-content-type.json", ep, "text/plain", "415", "text/plain", good)
case("huge-mrn.json", ep, FJ, "4xx|200", "a 100 kB MRN", json.dumps(bundle(pat=with_(patient, identifier=[{"value": "M" * 100_000}]))))
ep = "POST /fhir/Bundle"
good = json.dumps(bundle(ra=with_(risk, identifier=[{"system": "urn:vigil:event", "value": "fhir-corpus-2"}])))
case("valid-collection.json", ep, FJ, "200", "the valid Bundle as a collection", json.dumps(with_(json.loads(good), type="collection")))
case("truncated.json", ep, FJ, "400", "cut in the middle", good[:len(good) // 2])
case("resource-type-array.json", ep, FJ, "422", "resourceType is an array", good.replace('"resourceType": "Bundle"', '"resourceType": []', 1))
case("resource-type-number.json", ep, FJ, "422", "resourceType is a number", good.replace('"resourceType": "Bundle"', '"resourceType": 7', 1))
case("entry-resource-type-object.json", ep, FJ, "4xx", "an entry's resourceType is an object", good.replace('"resourceType": "Patient"', '"resourceType": {"a": 1}', 1))
case("wrong-content-type.json", ep, "application/xml", "415", "XML", "<Bundle/>")
# CDS Hooks (docs/cds-hooks.md): a patient-view call and feedback on a card
ep = "POST /cds-services/{id}"
call = {"hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "Practitioner/example", "patientId": "MRN-CDS-CORPUS-RAW", "encounterId": "ENC-CDS-CORPUS-RAW"}}
good = json.dumps(call)
case("valid-call.json", ep, J, "200", "a valid call (no prediction yet: no card)", good)
case("truncated.json", ep, J, "400", "cut", good[:len(good) // 2])
case("empty-body.json", ep, J, "400", "empty", "")
case("null.json", ep, J, "400", "null", "null")
case("array.json", ep, J, "400", "an array", '[' + good + ']')
case("hook-other.json", ep, J, "400", "another hook", json.dumps(with_(call, hook="order-sign")))
case("hook-number.json", ep, J, "400", "hook is a number", raw(call, "hook", "5"))
case("hook-missing.json", ep, J, "400", "no hook", json.dumps({k: v for k, v in call.items() if k != "hook"}))
case("hook-instance-null.json", ep, J, "400", "hookInstance null", json.dumps(with_(call, hookInstance=None)))
case("context-missing.json", ep, J, "400", "no context", json.dumps({k: v for k, v in call.items() if k != "context"}))
case("context-array.json", ep, J, "400", "context is an array", json.dumps(with_(call, context=[1])))
case("encounter-missing.json", ep, J, "400", "context without encounterId", json.dumps(with_(call, context={"patientId": "MRN-X"})))
case("encounter-object.json", ep, J, "400", "encounterId is an object", json.dumps(with_(call, context={"encounterId": {"a": 1}})))
case("encounter-huge.json", ep, J, "4xx|200", "a 100 kB encounterId", json.dumps(with_(call, context={"encounterId": "E" * 100_000})))
case("prefetch-deep.json", ep, J, "400", "prefetch nested 10,000 levels", good[:-1] + ',"prefetch":' + DEEP_OBJ + '}')
case("duplicate-hook.json", ep, J, "400", "hook given twice", good.replace('"hook": "patient-view"', '"hook": "patient-view", "hook": "order-sign"', 1))
case("invalid-utf8.json", ep, J, "400", "invalid UTF-8 in encounterId", good.encode().replace(b'ENC-CDS', b'ENC-\xc0\xafCDS', 1))
case("lone-surrogate.json", ep, J, "4xx", "encounterId is a lone surrogate escape", good.replace('ENC-CDS-CORPUS-RAW', '\\udfff', 1))
case("wrong-content-type.json", ep, "text/plain", "415", "text/plain", good)
ep = "POST /cds-services/{id}/feedback"
fb = {"feedback": [{"card": "00000000-0000-4000-8000-00000000c0de", "outcome": "overridden",
                    "overrideReason": {"reason": {"system": "urn:vigil:override-reason", "code": "not-infected"}, "userComment": "free text"},
                    "outcomeTimestamp": "2026-03-01T08:21:00Z"}]}
good = json.dumps(fb)
item = fb["feedback"][0]
case("unknown-card.json", ep, J, "4xx", "feedback on a card the service never gave", good)
case("truncated.json", ep, J, "400", "cut", good[:len(good) // 2])
case("empty-body.json", ep, J, "400", "empty", "")
case("null.json", ep, J, "400", "null", "null")
case("feedback-missing.json", ep, J, "400", "no feedback", "{}")
case("feedback-empty.json", ep, J, "400", "an empty feedback array", '{"feedback":[]}')
case("feedback-object.json", ep, J, "400", "feedback is an object", json.dumps({"feedback": item}))
case("feedback-null-item.json", ep, J, "4xx", "a feedback that is null", '{"feedback":[null]}')
case("outcome-unknown.json", ep, J, "4xx", "outcome 'ignored'", json.dumps({"feedback": [with_(item, outcome="ignored")]}))
case("outcome-number.json", ep, J, "4xx", "outcome is a number", json.dumps({"feedback": [with_(item, outcome=1)]}))
case("reason-string.json", ep, J, "4xx", "overrideReason is a string", json.dumps({"feedback": [with_(item, overrideReason="no")]}))
case("timestamp-malformed.json", ep, J, "4xx", "outcomeTimestamp 'yesterday'", json.dumps({"feedback": [with_(item, outcomeTimestamp="yesterday")]}))
case("many-items.json", ep, J, "4xx", "100,000 feedback entries", json.dumps({"feedback": [item] * 100_000}))
case("deep.json", ep, J, "400", "10,000 levels", DEEP_OBJ)
case("duplicate-outcome.json", ep, J, "4xx", "outcome given twice", good.replace('"outcome": "overridden"', '"outcome": "overridden", "outcome": "accepted"', 1))
case("invalid-utf8.json", ep, J, "400", "invalid UTF-8 in the comment", good.encode().replace(b'free text', b'free \xed\xa0\x80text', 1))
case("wrong-content-type.json", ep, "text/plain", "415", "text/plain", good)
with open(os.path.join(HERE, 'cases.tsv'), 'w') as f:
    f.write("file\tendpoint\tcontent_type\texpect\twhat\n")
    for r in rows:
        f.write('\t'.join(r) + '\n')
print(len(rows), "cases")
