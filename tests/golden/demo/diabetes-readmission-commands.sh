#!/bin/sh
# The pipeline `vigil demo diabetes-readmission` ran, as plain commands.
set -e

# Data audit (composition, prevalence by group, missingness, proxies, earlier vs later period)
vigil data-audit --title 'Diabetes 130-US hospitals, prepared first encounters: data audit' --data /EXAMPLE/diabetes-prepared.csv.gz --label readmit30 --protected race,sex,age_group,payer_group --site period --features time_in_hospital,num_lab_procedures,num_medications,number_inpatient,number_emergency,a1c_group,diag1_group,admission_source --format json --out /OUT/data-audit.json

# Train a logistic model (stratified 5-fold out-of-fold scores, ML.NET zip and ONNX; predictions at the operating threshold 0.12)
vigil train --data /EXAMPLE/diabetes-prepared.csv.gz --label readmit30 --features age,admission_type,admission_source,discharge_group,specialty_group,diag1_group,a1c_group,max_glu_serum,time_in_hospital,num_lab_procedures,num_procedures,num_medications,number_outpatient,number_emergency,number_inpatient,number_diagnoses,insulin,metformin,change,diabetes_med --learner logistic --folds 5 --seed 20261129 --threshold 0.12 --out /OUT/model

# Subgroup audit at the operating threshold 0.12 by race, sex, age (<30, 30-59, 60-79, >=80), payer group, and intersections (curves, 200 bootstrap replicates)
vigil audit --data /OUT/model/predictions.csv --label readmit30 --score score --threshold 0.12 --protected race,sex,age_years,payer_group --bands age_years=30,60,80 --intersections 'race*payer_group,sex*age_years' --reference payer_group=medicare --bootstrap 200 --curves --format json --out /OUT/audit.json

# Hidden stratification: MDSS scan for subgroups with a worse miss rate (FNR)
vigil scan --data /OUT/model/predictions.csv --label readmit30 --score score --threshold 0.12 --protected race,sex,age_group,payer_group --metric fnr --method mdss --permutations 199 --seed 20261129 --format json --out /OUT/scan.json

# Audit by payer group alone, for the study plan (no intersections, so no small cells)
vigil audit --data /OUT/model/predictions.csv --label readmit30 --score score --threshold 0.12 --protected payer_group --reference payer_group=medicare --format json --out /OUT/audit-payer.json

# Validation-study size per payer group (sensitivity within ±0.05)
vigil plan-study --groups-from /OUT/audit-payer.json --width 0.05 --format json --out /OUT/plan-study.json

# Validation across time: trained on the earlier half of the encounters (encounter_id order), validated unchanged on the later half
vigil validate --data /EXAMPLE/diabetes-prepared.csv.gz --site period --train-site earlier --label readmit30 --features age,admission_type,admission_source,discharge_group,specialty_group,diag1_group,a1c_group,max_glu_serum,time_in_hospital,num_lab_procedures,num_procedures,num_medications,number_outpatient,number_emergency,number_inpatient,number_diagnoses,insulin,metformin,change,diabetes_med --seed 20261129 --threshold 0.12 --protected race,sex,age_years,payer_group --bands age_years=30,60,80 --out /OUT/validation

# Drift from the earlier to the later period (inputs, score and label)
vigil drift --reference-data /OUT/validation/predictions-earlier.csv --current-data /OUT/validation/predictions-later.csv --columns age,admission_type,admission_source,discharge_group,specialty_group,diag1_group,a1c_group,max_glu_serum,time_in_hospital,num_lab_procedures,num_procedures,num_medications,number_outpatient,number_emergency,number_inpatient,number_diagnoses,insulin,metformin,change,diabetes_med,score,readmit30 --score score --label readmit30 --format json --out /OUT/drift.json

# Mitigation: Threshold Optimizer for equal sensitivity across payer groups, evaluated on held-out encounters
vigil mitigate --method threshold-optimizer --constraint true_positive_rate_parity --objective balanced_accuracy_score --data /OUT/model/predictions.csv --label readmit30 --protected payer_group --score score --threshold 0.12 --id encounter_id --seed 20261129 --bootstrap 200 --out /OUT/mitigation

# Governance report (decision summary, HTML, Markdown, Model Card, CHAI card, HTI-1, NIST AI RMF risk register)
vigil report --audit /OUT/audit.json --card /EXAMPLE/card.yaml --data-audit /OUT/data-audit.json --validation /OUT/validation/validation.json --drift /OUT/drift.json --scan /OUT/scan.json --study-plan /OUT/plan-study.json --mitigation /OUT/mitigation/mitigation.json --volume 10000 --prevalence 0.09 --out /OUT/report
