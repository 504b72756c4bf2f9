namespace Vigil.Core.DataAudit;

/// <summary>One question of a datasheet: its YAML key, the question, and whether a narrative answer is required.</summary>
public sealed record DatasheetQuestion(string Key, string Text, bool Required);

/// <summary>One section of the datasheet, in the paper's order.</summary>
public sealed record DatasheetSection(string Key, string Title, IReadOnlyList<DatasheetQuestion> Questions);

/// <summary>
/// The questions of "Datasheets for Datasets" (Gebru T., Morgenstern J., Vecchione B., Wortman Vaughan J.,
/// Wallach H., Daumé III H., Crawford K.; Communications of the ACM 64(12):86–92, 2021; arXiv:1803.09010),
/// grouped in the paper's seven sections, each with a snake_case key for the YAML file. A few questions
/// are required: a datasheet that cannot say why the data exist, who made them, what an instance is,
/// whether they hold identifying or sensitive data, how and when they were collected, how they were
/// processed, what they must not be used for, their licence and their maintainer is not fit to sign.
/// </summary>
public static class DatasheetQuestions
{
    public static IReadOnlyList<DatasheetSection> Sections { get; } =
    [
        new("motivation", "Motivation",
        [
            new("purpose", "For what purpose was the dataset created? Was there a specific task in mind? Was there a specific gap that needed to be filled?", true),
            new("creators", "Who created the dataset (e.g., which team, research group) and on behalf of which entity (e.g., company, institution, organization)?", true),
            new("funding", "Who funded the creation of the dataset? If there is an associated grant, please provide the name of the grantor and the grant name and number.", false),
            new("other_comments", "Any other comments?", false),
        ]),
        new("composition", "Composition",
        [
            new("instances", "What do the instances that comprise the dataset represent (e.g., documents, photos, people, countries)?", true),
            new("count", "How many instances are there in total (of each type, if appropriate)?", false),
            new("sample", "Does the dataset contain all possible instances or is it a sample (not necessarily random) of instances from a larger set? If a sample, what is the larger set, and is the sample representative of it?", true),
            new("instance_data", "What data does each instance consist of?", false),
            new("label", "Is there a label or target associated with each instance?", false),
            new("missing_information", "Is any information missing from individual instances? If so, please provide a description, explaining why this information is missing.", false),
            new("relationships", "Are relationships between individual instances made explicit (e.g., users' movie ratings, social network links)?", false),
            new("splits", "Are there recommended data splits (e.g., training, development/validation, testing)?", false),
            new("errors_noise_redundancies", "Are there any errors, sources of noise, or redundancies in the dataset?", false),
            new("external_resources", "Is the dataset self-contained, or does it link to or otherwise rely on external resources (e.g., websites, tweets, other datasets)?", false),
            new("confidential", "Does the dataset contain data that might be considered confidential (e.g., data that is protected by legal privilege or by doctor-patient confidentiality)?", false),
            new("offensive", "Does the dataset contain data that, if viewed directly, might be offensive, insulting, threatening, or might otherwise cause anxiety?", false),
            new("subpopulations", "Does the dataset identify any subpopulations (e.g., by age, gender)? If so, how are these subpopulations identified and what are their distributions?", false),
            new("identifiable", "Is it possible to identify individuals (i.e., one or more natural persons), either directly or indirectly (i.e., in combination with other data) from the dataset?", true),
            new("sensitive", "Does the dataset contain data that might be considered sensitive in any way (e.g., racial or ethnic origins, religious beliefs, health data)?", true),
        ]),
        new("collection", "Collection process",
        [
            new("acquisition", "How was the data associated with each instance acquired (directly observable, reported by subjects, or indirectly inferred/derived)? Was it validated/verified?", true),
            new("mechanisms", "What mechanisms or procedures were used to collect the data (e.g., hardware apparatuses or sensors, manual human curation, software programs, software APIs)? How were they validated?", false),
            new("sampling_strategy", "If the dataset is a sample from a larger set, what was the sampling strategy (e.g., deterministic, probabilistic with specific sampling probabilities)?", false),
            new("collectors", "Who was involved in the data collection process (e.g., students, crowdworkers, contractors) and how were they compensated?", false),
            new("timeframe", "Over what timeframe was the data collected? Does this timeframe match the creation timeframe of the data associated with the instances?", true),
            new("ethical_review", "Were any ethical review processes conducted (e.g., by an institutional review board)?", false),
            new("collected_from", "Did you collect the data from the individuals in question directly, or obtain it via third parties or other sources (e.g., websites)?", false),
            new("notification", "Were the individuals in question notified about the data collection?", false),
            new("consent", "Did the individuals in question consent to the collection and use of their data?", false),
            new("consent_revocation", "If consent was obtained, were the consenting individuals provided with a mechanism to revoke their consent in the future or for certain uses?", false),
            new("impact_analysis", "Has an analysis of the potential impact of the dataset and its use on data subjects (e.g., a data protection impact analysis) been conducted?", false),
        ]),
        new("preprocessing", "Preprocessing / cleaning / labeling",
        [
            new("preprocessing", "Was any preprocessing/cleaning/labeling of the data done (e.g., discretization or bucketing, tokenization, removal of instances, processing of missing values)?", true),
            new("raw_data_saved", "Was the \"raw\" data saved in addition to the preprocessed/cleaned/labeled data? If so, please provide a link or other access point.", false),
            new("software", "Is the software that was used to preprocess/clean/label the data available?", false),
        ]),
        new("uses", "Uses",
        [
            new("prior_uses", "Has the dataset been used for any tasks already? If so, please provide a description.", false),
            new("repository", "Is there a repository that links to any or all papers or systems that use the dataset?", false),
            new("other_tasks", "What (other) tasks could the dataset be used for?", false),
            new("composition_impacts", "Is there anything about the composition of the dataset or the way it was collected and preprocessed/cleaned/labeled that might impact future uses (e.g., unfair treatment of individuals or groups)?", false),
            new("inappropriate_uses", "Are there tasks for which the dataset should not be used?", true),
        ]),
        new("distribution", "Distribution",
        [
            new("third_parties", "Will the dataset be distributed to third parties outside of the entity on behalf of which the dataset was created?", false),
            new("how_distributed", "How will the dataset be distributed (e.g., tarball on website, API, GitHub)? Does the dataset have a DOI?", false),
            new("when", "When will the dataset be distributed?", false),
            new("license", "Will the dataset be distributed under a copyright or other intellectual property (IP) license, and/or under applicable terms of use (ToU)?", true),
            new("third_party_restrictions", "Have any third parties imposed IP-based or other restrictions on the data associated with the instances?", false),
            new("export_controls", "Do any export controls or other regulatory restrictions apply to the dataset or to individual instances?", false),
        ]),
        new("maintenance", "Maintenance",
        [
            new("maintainer", "Who will be supporting/hosting/maintaining the dataset?", true),
            new("contact", "How can the owner/curator/manager of the dataset be contacted (e.g., email address)?", false),
            new("erratum", "Is there an erratum?", false),
            new("updates", "Will the dataset be updated (e.g., to correct labeling errors, add new instances, delete instances)?", false),
            new("retention_limits", "If the dataset relates to people, are there applicable limits on the retention of the data associated with the instances?", false),
            new("older_versions", "Will older versions of the dataset continue to be supported/hosted/maintained?", false),
            new("contributions", "If others want to extend/augment/build on/contribute to the dataset, is there a mechanism for them to do so?", false),
        ]),
    ];
}
