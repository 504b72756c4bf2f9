#!/bin/sh
# Writes heart-4sites.csv: the four UCI site files stacked, with a header and a `site` column, for `vigil validate`
# (docs/validation.md). Deterministic: the same input files always give the same bytes (LC_ALL=C awk).
#   site     cleveland, hungary, switzerland, va_long_beach (file order: Cleveland, Hungary, Switzerland, VA)
#   sex      F (UCI 0) / M (UCI 1)
#   numbers  as awk prints them (63.0 -> 63, .7 -> 0.7); '?' -> empty (missing)
#   chol, trestbps = 0 -> empty: 0 is the sentinel for "not measured" (all 123 Switzerland rows have chol = 0, VA 49,
#            one Switzerland row has trestbps = 0); a cholesterol of 0 mg/dl is impossible
#   disease  1 if num > 0 else 0 (the label)
set -e
cd "$(dirname "$0")"
export LC_ALL=C
{
  echo "site,age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num,disease"
  for pair in cleveland:cleveland hungarian:hungary switzerland:switzerland va:va_long_beach; do
    file="processed.${pair%%:*}.data"
    site="${pair#*:}"
    tr -d '\r' < "$file" | awk -F, -v site="$site" 'NF == 14 {
      line = site
      for (i = 1; i <= 14; i++) {
        v = $i
        if (v == "?") v = ""
        else if (i == 2) v = (v + 0 == 1) ? "M" : "F"
        else if ((i == 4 || i == 5) && v + 0 == 0) v = ""
        else v = v + 0
        line = line "," v
      }
      line = line "," (($14 + 0 > 0) ? 1 : 0)
      print line
    }'
  done
} > heart-4sites.csv
