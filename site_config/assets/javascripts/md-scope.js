// Material for MkDocs' inline head script (partials/javascripts/base.html, mkdocs-material 9.8.1) as a
// file, so the Content-Security-Policy needs no 'unsafe-inline'. One change: the scope (the site's root)
// is found from this file's own address, <root>/assets/javascripts/md-scope.js, not from the page's; and, as
// Zensical's version of the script does, the platform is noted on <html> (data-platform).
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}},document.documentElement.setAttribute("data-platform",navigator.platform)
