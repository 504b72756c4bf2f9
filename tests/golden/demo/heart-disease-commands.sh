#!/bin/sh
# The pipeline `vigil demo heart-disease` ran, as plain commands.
set -e

# Data audit of the four sites (composition, missingness, proxies, datasheet)
vigil data-audit --title 'UCI Heart Disease, four sites: data audit' --data /EXAMPLE/sites/processed.cleveland.data,/EXAMPLE/sites/processed.hungarian.data,/EXAMPLE/sites/processed.switzerland.data,/EXAMPLE/sites/processed.va.data --site-names cleveland,hungary,switzerland,va_long_beach --header age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num --label num --positive-label '>0' --protected sex,age --bands age=45,65 --level-names sex=0:female,1:male --reference sex=male --features trestbps,chol,thalach,oldpeak,cp,fbs,restecg,exang,slope,ca,thal --sentinels chol=0,trestbps=0 --reference-population /EXAMPLE/sites/us-census-2020-sex.csv --datasheet /EXAMPLE/datasheet.yaml --datasheet-out /OUT/datasheet --format json --out /OUT/data-audit.json

# Train a logistic model at Cleveland (stratified 5-fold out-of-fold scores, ML.NET zip and ONNX)
vigil train --data /EXAMPLE/heart-cleveland.csv --label disease --features age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal --categorical cp,restecg,slope,ca,thal --learner logistic --folds 5 --seed 20261129 --threshold 0.5 --out /OUT/model

# Subgroup audit of the out-of-fold scores (FNR first, curves, 1,000 bootstrap replicates)
vigil audit --data /OUT/model/predictions.csv --label disease --score score --protected sex,age --bands age=45,65 --intersections 'sex*age' --bootstrap 1000 --curves --format json --out /OUT/audit.json

# External validation: trained at Cleveland, scored unchanged at Hungary, Switzerland and VA Long Beach
vigil validate --data /EXAMPLE/sites/heart-4sites.csv --site site --train-site cleveland --label disease --features age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal --categorical cp,restecg,slope,ca,thal --seed 20261129 --protected sex,age --bands age=45,65 --out /OUT/validation

# Drift from Cleveland to VA Long Beach (features, score and label)
vigil drift --reference-data /OUT/validation/predictions-cleveland.csv --current-data /OUT/validation/predictions-va_long_beach.csv --columns age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,score,disease --score score --label disease --format json --out /OUT/drift.json

# Mitigation: Threshold Optimizer for equal sensitivity by sex, evaluated on held-out patients
vigil mitigate --method threshold-optimizer --constraint true_positive_rate_parity --objective balanced_accuracy_score --data /OUT/model/predictions.csv --label disease --protected sex --score score --id patient_id --seed 20261129 --out /OUT/mitigation

# Governance report (HTML, Markdown, Model Card, CHAI card, HTI-1, NIST AI RMF risk register, datasheet)
vigil report --audit /OUT/audit.json --card /EXAMPLE/demo-card.yaml --data-audit /OUT/data-audit.json --datasheet /EXAMPLE/datasheet.yaml --validation /OUT/validation/validation.json --drift /OUT/drift.json --mitigation /OUT/mitigation/mitigation.json --volume 2000 --prevalence 0.46 --out /OUT/report
