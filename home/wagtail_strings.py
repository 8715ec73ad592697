"""Wagtail's and wagtail-localize's own interface strings that this project
translates itself, because their Norwegian catalogues lack them or get them wrong.

Never imported. `makemessages` reads this file, so the strings stay in
locale/*/LC_MESSAGES/django.po, and a catalogue in LOCALE_PATHS wins over a
package's for the same message. Strings must match the packages' exactly.
The admin's JavaScript strings are in djangojs.po, which `make messages` leaves alone.
"""

# ruff: noqa: E501 (the messages are quoted whole, as the packages write them)

from django.utils.translation import gettext_noop, ngettext_lazy

gettext_noop("You do not have permission to access the admin.")
gettext_noop("Saved")
gettext_noop("Autosave is paused")
gettext_noop("History")
gettext_noop("No")
gettext_noop("Yes")
gettext_noop("Creating…")
gettext_noop("Create")
gettext_noop("%(model_name)s '%(object)s' has been scheduled for publishing.")
gettext_noop("%(model_name)s '%(object)s' created and scheduled for publishing.")
gettext_noop(
    "%(model_name)s '%(object)s' is live and this version has been scheduled for publishing."
)
gettext_noop("%(model_name)s '%(object)s' updated and published.")
gettext_noop("%(model_name)s '%(object)s' created and published.")
gettext_noop("%(model_name)s '%(object)s' has been submitted for moderation.")
gettext_noop("%(model_name)s '%(object)s' created and submitted for moderation.")
gettext_noop("Workflow on %(model_name)s '%(object)s' has been restarted.")
gettext_noop("Workflow on %(model_name)s '%(object)s' has been cancelled.")
gettext_noop("Saving will overwrite a newer version.")
gettext_noop("The %(model_name)s could not be saved as it is locked")
gettext_noop(
    "You are viewing a previous version of this %(model_name)s from <b>%(created_at)s</b> by %(user)s"
)
gettext_noop(
    "%(model_name)s '%(object)s' has been replaced with version from %(timestamp)s."
)
gettext_noop(
    "Version from %(timestamp)s of %(model_name)s '%(object)s' has been published."
)
gettext_noop(
    "Version from %(timestamp)s of %(model_name)s '%(object)s' has been scheduled for publishing."
)
gettext_noop("Sort item order")
gettext_noop("New: %(model_name)s")
gettext_noop("There are validation errors, click save to highlight them.")
gettext_noop("Compare")
gettext_noop("'%(object)s' unpublished.")
gettext_noop('Version %(revision_id)s of "%(object)s" unscheduled.')
gettext_noop("Delete selected pages")
gettext_noop("%(parent_pages)s and %(child_pages)s have been deleted")
ngettext_lazy(
    "%(num_parent_objects)d page has been deleted",
    "%(num_parent_objects)d pages have been deleted",
    1,
)
gettext_noop("Select a new parent page")
gettext_noop("Move selected pages")
ngettext_lazy(
    "%(num_pages)d page has been moved", "%(num_pages)d pages have been moved", 1
)
ngettext_lazy("%(num_parent_objects)d page", "%(num_parent_objects)d pages", 1)
ngettext_lazy(
    "%(num_child_objects)d child page", "%(num_child_objects)d child pages", 1
)
gettext_noop("Publish selected pages")
gettext_noop("%(parent_pages)s and %(child_pages)s have been published")
ngettext_lazy(
    "%(num_parent_objects)d page has been published",
    "%(num_parent_objects)d pages have been published",
    1,
)
gettext_noop("Unpublish selected pages")
gettext_noop("%(parent_pages)s and %(child_pages)s have been unpublished")
ngettext_lazy(
    "%(num_parent_objects)d page has been unpublished",
    "%(num_parent_objects)d pages have been unpublished",
    1,
)
gettext_noop("Choose parent")
gettext_noop("Create a new %(model_name)s")
gettext_noop("Page '%(page_title)s' has been converted into an ordinary page.")
gettext_noop("Request to create %(model_name)s was blocked by hook.")
gettext_noop("Request to edit %(model_name)s was blocked by hook.")
gettext_noop("The page could not be created due to validation errors.")
gettext_noop(
    "Page '%(page_title)s' has been replaced with version from %(previous_revision_datetime)s."
)
gettext_noop("Workflow on page '%(page_title)s' has been cancelled.")
gettext_noop(
    "Version from %(previous_revision_datetime)s of page '%(page_title)s' has been scheduled for publishing."
)
gettext_noop(
    "Page '%(page_title)s' is live and this version has been scheduled for publishing."
)
gettext_noop("Version from %(datetime)s of page '%(page_title)s' has been published.")
gettext_noop("Workflow on page '%(page_title)s' has been restarted.")
gettext_noop("The page could not be saved as it is locked.")
gettext_noop("The page could not be saved due to validation errors.")
gettext_noop("Is commenting action")
gettext_noop("Date updated")
gettext_noop("Edited by")
gettext_noop("Has child pages")
gettext_noop("Any")
gettext_noop("Page type")
gettext_noop("Exploring")
gettext_noop(
    "The slug '%(page_slug)s' is already in use at the selected parent page. Make sure the slug is unique and try again."
)
gettext_noop("Placeholder title")
gettext_noop(
    "You are viewing a previous version of this page from <b>%(created_at)s</b> by %(user)s"
)
gettext_noop("Page types usage")
gettext_noop(
    "The page '%(page_title)s' is not currently awaiting moderation in task '%(task_name)s'."
)
gettext_noop("Minimum")
gettext_noop("Maximum")
gettext_noop("Locale")
gettext_noop("Locales")
gettext_noop("Usage count")
gettext_noop("Use server language: %(language_name)s")
gettext_noop("Use server time zone")
gettext_noop("Search…")
gettext_noop("Select")
gettext_noop("Actions (footer)")
gettext_noop("Wagtail %(current_version)s editor guide")
ngettext_lazy(
    '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
    '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
    1,
)
ngettext_lazy(
    '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
    '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
    1,
)
ngettext_lazy(
    '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
    '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
    1,
)
gettext_noop(
    'Your version: <strong>%(current_version)s</strong>. New version: <strong data-w-upgrade-target="latestVersion"></strong>.'
)
ngettext_lazy("Delete 1 page", "Delete %(counter)s pages", 1)
ngettext_lazy("Move 1 page", "Move %(counter)s pages", 1)
ngettext_lazy("Publish 1 page", "Publish %(counter)s pages", 1)
ngettext_lazy("Unpublish 1 page", "Unpublish %(counter)s pages", 1)
gettext_noop(
    "This page was marked as needing changes at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>."
)
gettext_noop(
    "This %(model_name)s was marked as needing changes at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>."
)
gettext_noop(
    "This page is currently at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>."
)
gettext_noop("Search in '<span class=\"w-title-ellipsis\">%(title)s</span>'")
gettext_noop(
    "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in '<span class=\"w-title-ellipsis\">%(title)s</span>'."
)
gettext_noop("No results in '<span class=\"w-title-ellipsis\">%(title)s</span>'.")
gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s")
gettext_noop("Sorry, no pages match <em>%(query_string)s</em>")
gettext_noop("Choose when this %(model_name)s should go live and/or expire")
gettext_noop("Choose when this page should go live and/or expire")
gettext_noop(
    'This publishing schedule will only take effect after you select the "Schedule to publish" option'
)
gettext_noop("Set publishing schedule")
gettext_noop("Save schedule")
gettext_noop("Locked by <b>you</b> at <b>%(locking_date)s</b>")
gettext_noop("Locked by <b>%(locked_by)s</b> at <b>%(locking_date)s</b>")
gettext_noop("Locked at <b>%(locking_date)s</b>")
gettext_noop("Workflow")
gettext_noop("Workflows")
gettext_noop("workflows")
gettext_noop("tasks")
gettext_noop("Requested by")
gettext_noop("Started at")
gettext_noop("No pages/snippets have been submitted for moderation yet")
gettext_noop("Edit account avatar")
gettext_noop("Toggle breadcrumbs")
ngettext_lazy(
    "This action will delete <b>%(total_pages_formatted)s</b> page in total.",
    "This action will delete <b>%(total_pages_formatted)s</b> pages in total.",
    1,
)
gettext_noop("Please type <b>%(wagtail_site_name)s</b> to confirm.")
gettext_noop("Close dialog")
gettext_noop("View latest version")
gettext_noop("A network error occurred")
gettext_noop(
    "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to view the last saved version."
)
gettext_noop("Add comment")
gettext_noop("Show filters")
gettext_noop("Filter by")
gettext_noop("Back")
gettext_noop("account")
gettext_noop("Keyboard shortcuts")
gettext_noop("All keyboard shortcuts")
gettext_noop("Section")
gettext_noop("Keyboard shortcut")
gettext_noop("Visible to all. Visit the live page")
gettext_noop("Visible to all")
gettext_noop("Private. Visit the live page")
gettext_noop("Toggle section")
gettext_noop("Minimap")
gettext_noop("Side panels")
gettext_noop("Toggle side panel")
gettext_noop("Side panel width")
gettext_noop("Show issue")
gettext_noop("Content metrics")
gettext_noop("Words")
gettext_noop("Reading time")
gettext_noop("Readability")
gettext_noop("This data explained")
gettext_noop("How we calculate our metrics")
gettext_noop(
    "We extract the main content from the page preview, remove all formatting, and calculate the number of words."
)
gettext_noop(
    "We calculate reading time from word count, using different reading speeds for different languages."
)
gettext_noop(
    "We use a readability formula based on length of words and sentences. Long sentences and words result in a worse readability score."
)
gettext_noop(
    'See our <a href="%(guide_link)s" target="_blank">content checks guide</a> for more information on how content metrics are calculated.'
)
gettext_noop("Issues found")
gettext_noop("Comment notifications")
gettext_noop("Locale: ")
gettext_noop("Available in %(translations_total)s locales")
gettext_noop("No other translations")
gettext_noop("Switch locales")
gettext_noop("Locking: ")
gettext_noop(
    "Anyone can edit this %(model_name)s – lock it to prevent others from editing"
)
gettext_noop("Anyone can edit this %(model_name)s")
gettext_noop("Page visibility: ")
gettext_noop("Once live anyone can view")
gettext_noop("Not visible to the public")
gettext_noop("Choose who can view the live version of this page")
gettext_noop("Status: ")
gettext_noop("To be created by %(user)s")
gettext_noop("View history")
gettext_noop("No publishing schedule set")
gettext_noop("Set schedule")
gettext_noop("Preview in new tab")
gettext_noop("Preview in mobile size")
gettext_noop("Preview in tablet size")
gettext_noop("Preview in desktop size")
gettext_noop("Loading")
gettext_noop("Preview is out of date")
gettext_noop(
    "Correct the validation errors to resume preview (saving will highlight errors)"
)
gettext_noop("First published")
gettext_noop("Save your changes before leaving")
gettext_noop("You have <span>unsaved edits</span>")
gettext_noop("Requested by <b>%(modified_by)s</b>")
gettext_noop("Started at <b>%(started_at)s</b>")
gettext_noop("%(action)s by <b>%(who)s</b> at <b>%(at)s</b>")
gettext_noop("%(action)s at <b>%(at)s</b>")
gettext_noop("%(action)s by <b>%(who)s</b>")
gettext_noop("Checks")
gettext_noop("Assign your workflow to pages")
gettext_noop(
    'Workflows apply to child pages too. If you select a parent page here, its child pages will also use this workflow. See <a href="%(workflow_pages_url)s">the list of the pages</a> your workflow applies to.'
)
gettext_noop("Assigned pages")
gettext_noop("Assign to another page")
gettext_noop("Step %(step_number)s")
ngettext_lazy("1 page", "%(counter)s pages", 1)
ngettext_lazy("%(num_pages)d page", "%(num_pages)d pages", 1)
gettext_noop("Choose a task")
gettext_noop("Used on")
gettext_noop("Used by")
gettext_noop('Sorry, no tasks match "<em>%(query_string)s</em>"')
gettext_noop("Published")
gettext_noop("%(time)s by %(user_display_name)s")
gettext_noop("Application")
gettext_noop("Show keyboard shortcuts")
gettext_noop("Toggle sidebar")
gettext_noop("Toggle minimap")
gettext_noop("Close modal dialogs (like this one)")
gettext_noop("Save changes")
gettext_noop("Add or show comments")
gettext_noop("Text editing")
gettext_noop("Cut")
gettext_noop("Paste")
gettext_noop("Paste without formatting")
gettext_noop("Text formatting")
gettext_noop("Insert or edit a link")
gettext_noop("Monospace (code)")
gettext_noop("Strike-through")
gettext_noop("Toggle status")
ngettext_lazy("Referenced %(count)s time", "Referenced %(count)s times", 1)
gettext_noop("Toggle comments")
gettext_noop("Comments")
gettext_noop("Toggle checks")
gettext_noop("Toggle preview")
gettext_noop("Sort by '%(label)s' in ascending order.")
gettext_noop("Sort by '%(label)s' in descending order.")
gettext_noop("Button text is empty")
gettext_noop("Use meaningful text for screen reader users")
gettext_noop("Empty heading found")
gettext_noop("Table header text is empty")
gettext_noop("Empty frame title found")
gettext_noop("Use a meaningful title for screen reader users")
gettext_noop("Incorrect heading hierarchy")
gettext_noop("Avoid skipping levels")
gettext_noop("Input button text is empty")
gettext_noop("Link text is empty")
gettext_noop("Misusing paragraphs as headings")
gettext_noop("Use proper heading tags")
gettext_noop("Image alt text has inappropriate pattern")
gettext_noop("Use meaningful text")
gettext_noop("Meta description is empty")
gettext_noop("Add a concise description for search engines")
gettext_noop("Profile")
gettext_noop("Notifications")
gettext_noop("Name and Email")
gettext_noop("Profile picture")
gettext_noop("Theme preferences")
gettext_noop("More contrast")
gettext_noop("Snug")
gettext_noop("Enable custom keyboard shortcuts specific to Wagtail.")
gettext_noop("Search all pages…")
gettext_noop("Aging pages")
gettext_noop("Site history")
gettext_noop("Locked pages")
gettext_noop("Show")
gettext_noop("Awaiting my review")
gettext_noop("By task")
gettext_noop("Workflow tasks")
gettext_noop("Show disabled")
gettext_noop("Add a workflow")
gettext_noop("Disable")
gettext_noop("Enable")
gettext_noop("New workflow task")
gettext_noop("Sort menu order")
gettext_noop("What's new in Wagtail %(version)s")
gettext_noop("Editor Guide")
gettext_noop("Shortcuts")
gettext_noop("Help")
gettext_noop(
    'Multi-word tags with spaces will automatically be enclosed in double quotes (").'
)
gettext_noop("Choose another task")
gettext_noop("Edit this task")
gettext_noop("Form")
gettext_noop("Grid layout")
gettext_noop("List layout")
gettext_noop(
    "Please provide an image description to comply with best practices for accessibility."
)
gettext_noop("Usage count: (low to high)")
gettext_noop("Usage count: (high to low)")
gettext_noop("API tokens")
gettext_noop("system")
gettext_noop(
    "The name of the page displayed on search engine results as the clickable headline."
)
gettext_noop(
    "The descriptive text displayed underneath a headline in search engine results."
)
gettext_noop("In progress")
gettext_noop("Approved")
gettext_noop("Needs changes")
gettext_noop(
    "Pages/snippets at this step in a workflow will be moderated or approved by these groups of users"
)
gettext_noop("Group approval task")
gettext_noop("Editing %(object_type)s %(title)s")
# The button leaves out the workflow's name, which is data in one language.
# xgettext:no-python-format
gettext_noop("Submit to %(workflow_name)s")
# The button leaves out the workflow's name, which is data in one language.
# xgettext:no-python-format
gettext_noop("Resubmit to %(task_name)s")
gettext_noop("The page title as you'd like it to be seen by the public")
gettext_noop("Dummy translator")
gettext_noop("Translate")
gettext_noop("Sync translated %(model_name)s")
gettext_noop("Start Synced translation")
gettext_noop("Translate {model_name}")
gettext_noop(
    "The {model_name} '{object}' was successfully submitted for translation into {locales}"
)
gettext_noop("Up to date")
gettext_noop("Waiting for translations")
gettext_noop("Manual")
gettext_noop("Machine")
gettext_noop("Translated with {tool_name} on {date}")
gettext_noop("Translated manually on {date}")
gettext_noop("Machine translated on {date}")
gettext_noop("This locale cannot be synced into itself.")
gettext_noop("Synchronise content from another locale")
gettext_noop(
    "Choose a locale to synchronise content from. Any existing and future content authored in the selected locale will be automatically copied to this one."
)
gettext_noop("Convert to alias %(title)s")
gettext_noop("Convert to alias")
gettext_noop(
    "Are you sure you want to convert this page into an alias? This will overwrite the content of the page with the content of '%(source_page_title)s' (%(source_page_locale)s)"
)
gettext_noop("Yes, convert it")
gettext_noop("No, leave it as a page")
gettext_noop(
    'This page hasn\'t been translated yet. It is mirroring the <a href="%(edit_original_page_url)s" target="_blank">%(original_locale)s page</a>.'
)
gettext_noop("Translate this page")
gettext_noop("Translation of %(instance)s into %(locale)s")
gettext_noop("Translations")
gettext_noop("Submit")
gettext_noop("Source")
gettext_noop("Target")
gettext_noop("No translations found.")
gettext_noop("Why would I sync my page?")
gettext_noop(
    "Changes are not automatically applied between translated pages. Syncing will add new content for translation and remove deleted content."
)
gettext_noop(
    "The last sync date was %(last_sync_date)s. You are about to sync the following:"
)
gettext_noop("Page '{}' has been converted into an alias.")
gettext_noop(
    "New validation errors were found when publishing '{object}' in {locale}. Please fix them or click publish again to ignore these translations for now."
)
gettext_noop("Published '{object}' in {locale} with missing translations - see below.")
gettext_noop("Published '{object}' in {locale}.")
gettext_noop("Translation has been stopped.")
gettext_noop("Translation has been restarted.")
gettext_noop("Please upload a valid PO file.")
gettext_noop("Cannot import PO file that was created for a different translation.")
gettext_noop("Successfully imported translations from PO File.")
gettext_noop("Successfully translated with {}.")
gettext_noop("There isn't anything left to translate.")
gettext_noop("Source title")
gettext_noop("All child pages will be created.")
ngettext_lazy("Include subtree ({} page)", "Include subtree ({} pages)", 1)
gettext_noop("{} locales")
gettext_noop("Translate page")
gettext_noop(
    "The page '{page_title}' was successfully submitted for translation into {locales}"
)
gettext_noop("Publish immediately")
gettext_noop(
    'Apply the updates and publish immediately. The changes will use the original language until translated unless you also select "Use machine translation".'
)
gettext_noop("Use machine translation")
gettext_noop("Apply machine translations to the incoming changes.")
gettext_noop(
    "Apply the updates and publish immediately. The changes will use the original language until translated."
)
gettext_noop("Update existing translations")
gettext_noop("Successfully updated translations for '{object}'")
gettext_noop("Sync translated pages")
gettext_noop("Translate '%(title)s'")
gettext_noop("Sync translated snippets")
gettext_noop("Sync translations of '%(title)s'")
gettext_noop("Convert to alias page")
gettext_noop("Convert page to alias")
gettext_noop(
    "Converted page '%(title)s' to an alias of the translation source page '%(source_title)s'"
)
gettext_noop("Converted page to an alias of the translation source page")
gettext_noop(
    "Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them."
)
gettext_noop(
    "Keyboard shortcuts are currently disabled; manage your %(account_link)s to enable them."
)
gettext_noop("locale")
