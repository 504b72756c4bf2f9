import json
NUM={"type":"number"}; NNUM={"type":["number","null"]}; INT={"type":"integer"}; NINT={"type":["integer","null"]}
STR={"type":"string"}; NSTR={"type":["string","null"]}; BOOL={"type":"boolean"}; NBOOL={"type":["boolean","null"]}
def arr(x): return {"type":"array","items":x}
def narr(x): return {"type":["array","null"],"items":x}
def obj(props, required=None, extra=False):
    o={"type":"object","properties":props,"required":list(props) if required is None else required}
    if not extra: o["additionalProperties"]=False
    return o
def nullable(ref): return {"anyOf":[ref,{"type":"null"}]}
def dict_of(x): return {"type":"object","additionalProperties":x}
M={"$ref":"#/$defs/metric"}
COMMON={
 "metric": {"type":"object","description":"The METRIC shape: value (null when undefined, with a reason), interval, reason.",
   "properties":{"value":NNUM,"ci":{"type":["array","null"],"items":NUM,"minItems":2,"maxItems":2},"reason":NSTR,"ci_method":STR,
   "bootstrap_ci":{"type":"array","items":NUM,"minItems":2,"maxItems":2}},
   "required":["value","ci","reason"],"additionalProperties":False,
   "if":{"properties":{"value":{"type":"null"}}},"then":{"properties":{"reason":STR}}},
 "tool": obj({"name":{"const":"vigil"},"version":STR}),
 "input": obj({"role":{"enum":["data","reference_data","current_data","model","audit","data_audit","drift","validation","mitigation","card","datasheet"]},
   "path":STR,"rows":NINT,"sha256":NSTR},required=["role","path"]),
}
def doc(schema, title, props, defs):
    d={"$schema":"https://json-schema.org/draft/2020-12/schema","$id":f"https://vigil.dev/schemas/{schema.replace('/','.')}.schema.json",
       "title":title,"type":"object",
       "properties":{"schema":{"const":schema},"tool":{"$ref":"#/$defs/tool"},"inputs":arr({"$ref":"#/$defs/input"}),**props},
       "required":["schema","tool","inputs",*[k for k in props if k!="curves"]],"additionalProperties":False,
       "$defs":{**COMMON,**defs}}
    return d
metrics=dict_of(M)
# ---------- audit
test=obj({"difference":NNUM,"p_value":NNUM,"p_value_adjusted":NNUM,"adjustment":{"enum":["holm","benjamini_hochberg"]},
  "test":{"type":["string","null"]},"statistic":NNUM,"reason":NSTR})
group=obj({"group":STR,"values":dict_of(STR),"n":INT,"positives":INT,"small_cell":BOOL,
  "metrics":{"type":"object","required":["n","positives","prevalence","selection_rate","sensitivity","specificity","fpr","fnr","ppv","npv"],
             "additionalProperties":M,"not":{"anyOf":[{"required":["tpr"]},{"required":["tnr"]}]}},
  "tests":obj({"fnr_vs_reference":test,"fpr_vs_reference":test})})
attr=obj({"name":STR,"columns":arr(STR),"reference_group":STR,"reference_is_default":BOOL,"groups":arr(group),
  "disparities":obj({"between_groups":metrics,"to_overall":metrics,"vs_reference":metrics})})
pts=arr(NNUM)
gc={"type":"object","properties":{"n":INT,"suppressed":BOOL,"roc":obj({"fpr":pts,"sensitivity":pts,"threshold":pts}),"roc_reason":STR,
  "calibration":obj({"uniform":{"$ref":"#/$defs/reliability"},"quantile":{"$ref":"#/$defs/reliability"},
     **{k:M for k in ["brier","ece","mce","oe_ratio","citl","slope","intercept"]}}),
  "decision_curve":obj({"threshold":pts,"net_benefit":pts,"treat_all":pts})},"required":["n","suppressed"],"additionalProperties":False}
audit=doc("vigil.audit/v2","vigil audit: subgroup performance and fairness",{
 "settings":obj({"label":STR,"positive_label":STR,"score":NSTR,"prediction":NSTR,"threshold":NNUM,"protected":arr(STR),"intersections":arr(STR),
   "reference":dict_of(STR),"bands":dict_of(arr(NUM)),"confidence":NUM,"bootstrap":INT,"seed":INT,"bootstrap_score_bins":INT,"min_cell":INT,
   "generalized_entropy_alpha":NUM,"sedf_concentration":NUM}),
 "rows":INT,"overall":obj({"n":INT,"metrics":metrics}),"attributes":arr(attr),"inequality":metrics,"notes":arr(STR),
 "curves":obj({"settings":obj({"bins":INT,"bootstrap":INT,"seed":INT,"confidence":NUM,"min_cell":INT,"max_roc_points":INT,"probability_clamp":NUM}),
   "overall":{"$ref":"#/$defs/group_curves"},"by_attribute":dict_of(dict_of({"$ref":"#/$defs/group_curves"}))})},
 {"group_curves":gc,"reliability":obj({"mean_predicted":pts,"observed":pts,"count":arr(INT)})})
# ---------- drift
dtest=obj({"score":M,"kind":{"enum":["p_value","distance"]},"threshold":NUM,"drift_detected":NBOOL})
col=obj({"column":STR,"type":{"enum":["numerical","categorical"]},"role":{"enum":["feature","score","label"]},"n_reference":INT,"n_current":INT,
  "missing_reference":INT,"missing_current":INT,"default_test":STR,"drift_test":STR,"drift_detected":NBOOL,"score":M,"tests":dict_of(dtest),
  "histogram":nullable(obj({"binning":{"enum":["sturges","per_value"]},"edges":narr(NUM),"keys":narr(STR),"reference":arr(NUM),"current":arr(NUM)}))})
ds=obj({"columns":INT,"drifted_columns":INT,"undefined_columns":INT,"share":M,"threshold":NUM,"drift_detected":NBOOL})
# A group's counts are null when suppressed (small-cell rule); suppressed_reason and counts_rounded were added within v2.
dgroup={"group":STR,"reference_rows":NINT,"current_rows":NINT,"small_cell":BOOL,
    "columns":arr({"$ref":"#/$defs/column"}),"dataset_drift":nullable({"$ref":"#/$defs/dataset"}),"drifted_share":M,"reference_gap":M,
    "suppressed_reason":NSTR,"counts_rounded":BOOL}
drift=doc("vigil.drift/v2","vigil drift: reference vs current data",{
 "settings":obj({"tests":STR,"columns":arr(STR),"column_tests":arr(STR),"score":NSTR,"label":NSTR,"drift_share":NUM,"protected":arr(STR),
   "intersections":arr(STR),"bands":dict_of(arr(NUM)),"reference":dict_of(STR),"min_cell":INT,"domain_classifier":BOOL,"stream":NSTR,"detectors":arr(STR)}),
 "columns":arr({"$ref":"#/$defs/column"}),"dataset_drift":{"$ref":"#/$defs/dataset"},
 "groups":arr(obj({"attribute":STR,"columns":arr(STR),"reference_group":NSTR,"groups":arr(obj(dgroup,required=[k for k in dgroup if k not in ("suppressed_reason","counts_rounded")])),"only_in_reference":arr(STR),"only_in_current":arr(STR)})),
 "multivariate":nullable(obj({"method":{"const":"domain_classifier"},"model":STR,"folds":INT,"seed":INT,"rows":INT,"auroc":M,
   "feature_importance":arr(obj({"feature":STR,"auroc_drop":NUM}))})),
 "sequential":nullable(obj({"column":STR,"reference_mean":NUM,"reference_sd":NUM,"observations":INT,
   "detectors":arr(obj({"detector":STR,"alarm_count":INT,"first_alarm":NINT,"alarms":arr(INT),
     "arl0":obj({"mean":NUM,"median":NUM,"runs":INT,"censored":INT,"max_length":INT})}))}))},
 {"column":col,"dataset":ds})
# ---------- data-audit
chi=obj({"test":STR,"statistic":NUM,"df":INT,"p_value":NNUM,"min_expected":NNUM})
da=doc("vigil.data-audit/v2","vigil data-audit: pre-deployment audit of a dataset",{
 "settings":obj({"label":STR,"positive_rule":STR,"protected":arr(STR),"intersections":arr(STR),"bands":dict_of(arr(NUM)),"reference":dict_of(STR),
   "site":NSTR,"numeric_features":arr(STR),"categorical_features":arr(STR),"annotations":arr(STR),"groupings":arr(STR),"min_cell":INT,"seed":INT,
   "consistency_neighbours":INT}),
 "rows":INT,
 "composition":arr(obj({"grouping":STR,"site":NSTR,"groups":arr(obj({"group":STR,"n":INT,"positives":INT,"share":NNUM,"small_cell":BOOL})),
   "reference_population":nullable(obj({"source":STR,"test":STR,"statistic":NUM,"df":INT,"p_value":NNUM,"min_expected":NNUM,
     "groups":arr(obj({"group":STR,"n":INT,"positives":INT,"share":NNUM,"expected_share":NUM,"representation_ratio":NNUM,"under_represented":BOOL}))}))})),
 "labels":obj({"n":INT,"positives":INT,"missing_label":INT,"prevalence":M,
   "groupings":arr(obj({"grouping":STR,"reference_group":STR,"groups":arr(obj({"group":STR,"n":INT,"positives":INT,"missing_label":INT,"prevalence":M,
      "statistical_parity_difference":M})),"aif360":obj({k:M for k in ["base_rate","reference_base_rate","non_reference_base_rate",
      "statistical_parity_difference","disparate_impact"]}),"prevalence_test":{"$ref":"#/$defs/chi"}})),
   "consistency":obj({"k":INT,"features":arr(STR),"raw":{"$ref":"#/$defs/consistency"},"standardized":{"$ref":"#/$defs/consistency"}})}),
 "missingness":arr(obj({"column":STR,"kind":STR,"n":INT,"missing":INT,"missing_coded":INT,"missing_sentinel":INT,"sentinels":arr(NUM),"share":M,
   "by_group":arr(obj({"grouping":STR,"test":STR,"statistic":NNUM,"df":INT,"p_value":NNUM,"p_value_adjusted":NNUM,"adjustment":{"enum":["holm","benjamini_hochberg"]},
     "groups":arr(obj({"group":STR,"n":INT,"positives":INT,"column":STR,"missing":INT,"share":M}))}))})),
 "distributions":arr(obj({"feature":STR,"kind":STR,"grouping":STR,"reference_group":STR,"groups":arr(obj({"group":STR,"n":INT,"positives":INT,"present":INT,
   "mean":NNUM,"sd":NNUM,"median":NNUM,"q1":NNUM,"q3":NNUM,"iqr":NNUM,"smd":nullable(M),
   "levels":narr(obj({"level":STR,"count":INT,"share":NNUM,"smd":M})),"imbalanced":BOOL}))})),
 "proxies":arr(obj({"feature":STR,"attribute":STR,"kind":STR,"measure":STR,"strength":NNUM,"n":INT,"cramers_v":NNUM,"p_value":NNUM,
   "auroc":narr(obj({"group":STR,"n":INT,"positives":INT,"auroc":NUM}))})),
 "annotations":nullable(obj({"annotators":arr(STR),"method":STR,"items_incomplete":INT,"overall":{"$ref":"#/$defs/agreement"},
   "groupings":arr(obj({"grouping":STR,"groups":arr({"$ref":"#/$defs/agreement"})}))})),
 "sites":nullable(obj({"column":STR,"prevalence_test":{"$ref":"#/$defs/chi"},"sites":arr(obj({"site":STR,"group":STR,"n":INT,"positives":INT,
   "missing_label":INT,"prevalence":M,"features":arr(obj({"feature":STR,"mean":NNUM,"sd":NNUM,"mean_other_sites":NNUM,"sd_other_sites":NNUM,
   "smd":M,"shifted":BOOL,"missing_share":NNUM}))}))}))},
 {"chi":chi,"consistency":obj({"value":M,"method":STR,"rows_used":INT,"query_rows":INT}),
  "agreement":obj({"group":STR,"n":INT,"positives":INT,"items":INT,"disagreements":INT,"disagreement_rate":M,"kappa":M})})
# ---------- scan
scan=doc("vigil.scan/v2","vigil scan: hidden stratification",{
 "settings":obj({"label":STR,"positive_label":STR,"score":NSTR,"prediction":NSTR,"threshold":NNUM,"protected":arr(STR),"bands":dict_of(arr(NUM)),
   "metric":STR,"population":STR,"method":{"enum":["mdss","exhaustive"]},"max_order":INT,"min_size":INT,"min_cell":INT,"top":INT,"seed":INT,
   "alpha":NUM,"confidence":NUM,"restarts":NINT,"permutations":NINT,"p_value":STR,"adjustment":{"enum":["holm","benjamini_hochberg",None]},
   "intersections":arr(STR),"reference":dict_of(STR)}),
 "overall":obj({"rows":INT,"positives":INT,"population":INT,"events":INT,"rate":M,"cells":INT}),
 "search":obj({"candidates":INT,"null_max_score":nullable(obj({"permutations":INT,"mean":NUM,"q95":NUM,"max":NUM}))}),
 "subgroups":arr({"$ref":"#/$defs/subgroup"}),"intersections":arr({"$ref":"#/$defs/subgroup"}),
 "reference_group":nullable(obj({"group":STR,"rows":INT,"population":INT,"events":INT,"rate":M})),
 "notes":arr(STR)},
 {"subgroup":obj({"rank":INT,"definition":STR,"conditions":arr(obj({"attribute":STR,"values":arr(STR)})),"order":INT,"rows":INT,"positives":INT,
   "population":INT,"events":INT,"rate":M,"complement_rate":M,"score":NUM,"odds_multiplier":NNUM,"p_value":NNUM,"test":NSTR,"p_value_adjusted":NNUM,
   "adjustment":{"enum":["holm","benjamini_hochberg",None]},"significant":BOOL,"small_cell":BOOL,"reference_gap":nullable(M)})})
# ---------- study plan
prec=obj({"measure":STR,"expected":NUM,"half_width":NUM,"confidence":NUM,"z":NUM,"prevalence":NUM,"cases_exact":NUM,"cases":INT,
  "patients_exact":NUM,"patients":INT,"method":{"const":"buderer_1996"}})
sizes=obj({"positives_group1_exact":NUM,"positives_group1":INT,"positives_group2":INT,"patients_group1":INT,"patients_group2":INT,"patients_total":INT})
gap=obj({"sensitivity_group1":NUM,"sensitivity_group2":NUM,"difference":NUM,"alpha":NUM,"sided":STR,"power":NUM,"ratio":NUM,"prevalence_group1":NUM,
  "prevalence_group2":NUM,"z_alpha":NUM,"z_beta":NUM,"continuity_corrected":{"$ref":"#/$defs/sizes"},"uncorrected":{"$ref":"#/$defs/sizes"},
  "method":{"const":"fleiss_levin_paik_2003"}})
sp=doc("vigil.study-plan/v2","vigil plan-study: validation-study size",{
 "settings":obj({"confidence":NUM,"width":NNUM,"gap":NNUM,"power":NUM,"alpha":NUM,"ratio":NUM,"sensitivity":NNUM,"specificity":NNUM,"prevalence":NNUM,
   "prevalence_group2":NNUM,"protected":arr(STR),"intersections":arr(STR),"reference":dict_of(STR),"min_cell":INT,"bands":dict_of(arr(NUM))}),
 "sensitivity":nullable({"$ref":"#/$defs/precision"}),"specificity":nullable({"$ref":"#/$defs/precision"}),"patients":NINT,
 "gap":nullable({"$ref":"#/$defs/gap"}),
 "groups":{"type":["array","null"],"items":obj({"attribute":STR,"group":STR,"reference_group":STR,"n":INT,"positives":INT,"small_cell":BOOL,
   "sensitivity":NNUM,"prevalence":NNUM,"precision":nullable({"$ref":"#/$defs/precision"}),"observed_positives_sufficient":NBOOL,
   "gap":nullable({"$ref":"#/$defs/gap"}),"reason":NSTR})}},
 {"precision":prec,"gap":gap,"sizes":sizes})
for name,d in [("audit",audit),("drift",drift),("data-audit",da),("scan",scan),("study-plan",sp)]:
    json.dump(d,open(f"vigil.{name}.v2.schema.json","w"),indent=2); open(f"vigil.{name}.v2.schema.json","a").write("\n")
